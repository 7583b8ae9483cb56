select id, customer,
  {{ cents_to_dollars(42) }} as dollars
from {{ ref('raw_orders') }}
