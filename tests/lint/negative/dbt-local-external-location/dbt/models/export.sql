{{ config(materialized='external', location='output/orders.parquet') }}
select 1 as id
