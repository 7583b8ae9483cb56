-- Orders as exported: one row per order, its latest status.
select
    cast(order_id as integer) as order_id,
    cast(customer_id as integer) as customer_id,
    cast(ordered_on as date) as ordered_on,
    status,
    cast(updated_on as date) as updated_on
from {{ ref('raw_orders') }}
