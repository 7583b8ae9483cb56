{{ config(materialized='incremental', unique_key='order_id') }}
{# Orders with their totals.  Incremental: a re-run only reads orders that
   changed since the last one, and replaces them by order_id. #}
{% set first_day = var('first_order_day') %}

with lines as (
    select order_id, count(*) as lines, sum(amount) as amount
    from {{ ref('slv_order_items') }}
    group by order_id
)
select
    o.order_id,
    o.customer_id,
    o.ordered_on,
    o.status,
    o.updated_on,
    coalesce(l.lines, 0) as lines,
    coalesce(l.amount, 0) as amount
from {{ ref('brz_orders') }} as o
left join lines as l
    on l.order_id = o.order_id
where o.ordered_on >= date '{{ first_day }}'
{% if is_incremental() %}
    and o.updated_on >= (select max(updated_on) from {{ this }})
{% endif %}
