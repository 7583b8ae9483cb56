-- The product list, prices in euros.
select
    cast(product_id as integer) as product_id,
    product_name,
    category,
    cast(unit_price as decimal(10, 2)) as unit_price
from {{ ref('raw_products') }}
