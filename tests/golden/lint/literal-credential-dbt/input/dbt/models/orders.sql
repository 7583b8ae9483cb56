{{ config(materialized='table', password='Pg-s3cret-2024') }}
select 1 as id
