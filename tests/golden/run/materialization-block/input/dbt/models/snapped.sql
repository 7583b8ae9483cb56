{{ config(materialized='snap') }}
select id from {{ ref('raw_orders') }}
