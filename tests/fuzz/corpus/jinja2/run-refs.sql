{{ config(materialized='table', unique_key=['id', 'day'], tags=['t'], schema=none) }}
select * from {{ ref('orders') }} o
join {{ ref('shop', 'customers') }} c on c.id = o.customer_id
join {{ source('raw', 'events') }} e on e.id = o.id
{% if is_incremental() %} where o.updated > (select max(updated) from {{ this }}) {% endif %}
