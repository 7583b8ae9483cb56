-- Monthly cost per provider and service.
select
    billing_month,
    provider,
    service,
    sum(cost_usd) as cost_usd
from {{ ref('cloud_costs') }}
group by billing_month, provider, service
