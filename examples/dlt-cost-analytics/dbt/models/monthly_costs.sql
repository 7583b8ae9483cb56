-- Total cost per month.
select
    billing_month,
    sum(cost_usd) as cost_usd
from {{ ref('cost_by_service') }}
group by billing_month
