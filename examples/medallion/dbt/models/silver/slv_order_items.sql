-- Order lines with their product and amount; empty lines dropped.
select
    i.order_item_id,
    i.order_id,
    i.product_id,
    p.product_name,
    p.category,
    i.quantity,
    p.unit_price,
    i.quantity * p.unit_price as amount
from {{ ref('brz_order_items') }} as i
join {{ ref('brz_products') }} as p
    on p.product_id = i.product_id
where i.quantity > 0
