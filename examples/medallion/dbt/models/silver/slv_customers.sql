-- One clean row per customer: trimmed lower-case e-mail, upper-case country.
select
    customer_id,
    first_name || ' ' || last_name as full_name,
    lower(trim(email)) as email,
    upper(country) as country,
    signed_up_on
from {{ ref('brz_customers') }}
