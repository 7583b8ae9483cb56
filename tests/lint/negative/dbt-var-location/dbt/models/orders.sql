{{ config(location=var('orders_location'), bucket="{{ var('bucket') }}") }}
select 1 as id
