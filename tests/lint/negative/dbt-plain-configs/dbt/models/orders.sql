{{ config(materialized='incremental', unique_key='order_id', schema='silver', tags=['daily', 'orders']) }}
select 1 as order_id
