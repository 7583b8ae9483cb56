-- A singular test: every row it returns is a failure.
select day, revenue
from {{ ref('gld_daily_revenue') }}
where revenue < 0
