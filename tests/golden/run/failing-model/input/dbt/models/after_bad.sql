select * from {{ ref('orders_bad') }}
