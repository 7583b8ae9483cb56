-- Lifetime value per customer: what they bought, and when.
select
    c.customer_id,
    c.full_name,
    c.country,
    count(o.order_id) as orders,
    coalesce(sum(o.amount), 0) as revenue,
    '{{ env_var("MEDALLION_CURRENCY", "EUR") }}' as currency,
    min(o.ordered_on) as first_order_on,
    max(o.ordered_on) as last_order_on
from {{ ref('slv_customers') }} as c
left join {{ ref('slv_orders') }} as o
    on o.customer_id = c.customer_id
    and o.status in ('completed', 'shipped')
group by c.customer_id, c.full_name, c.country
