-- Customers as exported, with types.
select
    cast(customer_id as integer) as customer_id,
    first_name,
    last_name,
    email,
    country,
    cast(signed_up_on as date) as signed_up_on
from {{ ref('raw_customers') }}
