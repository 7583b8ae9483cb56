-- What sells: units and revenue per category and month.
select
    i.category,
    date_trunc('month', o.ordered_on) as month,
    sum(i.quantity) as units,
    sum(i.amount) as revenue
from {{ ref('slv_order_items') }} as i
join {{ ref('slv_orders') }} as o
    on o.order_id = i.order_id
where o.status in ('completed', 'shipped')
group by i.category, date_trunc('month', o.ordered_on)
