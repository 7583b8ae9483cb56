-- Revenue per day of completed and shipped orders.
select
    ordered_on as day,
    count(*) as orders,
    sum(amount) as revenue
from {{ ref('slv_orders') }}
where status in ('completed', 'shipped')
group by ordered_on
