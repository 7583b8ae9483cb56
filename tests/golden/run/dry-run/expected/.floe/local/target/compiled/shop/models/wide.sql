select
  2 as n_customers,
  
  sum(case when customer = 'ann' then amount else 0 end) as ann_amount,
  sum(case when customer = 'bob' then amount else 0 end) as bob_amount,
  (sum(amount) * 100 / 100.0) as total,
  'shop:' || 'x' as label,
  'a' || 'b' as ab,
  cast(1 as TEXT) as s,
  (date_diff('day', date '2024-01-01'::timestamp, date '2024-03-01'::timestamp)) as days
from "floe_default"."main"."orders"