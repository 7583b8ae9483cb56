{{ config(materialized='view', database='scratch') }}
select 1 as id
