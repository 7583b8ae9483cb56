{{ config(materialized='table', bucket='acme-raw') }}
select 1 as id
