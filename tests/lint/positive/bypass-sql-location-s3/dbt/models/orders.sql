{{ config(materialized='external', location='s3://acme-raw/orders/') }}
select 1 as id
