{# loops, a set block, namespace and macros #}
{%- set customers = ['ann', 'bob'] -%}
{%- set ns = namespace(n=0) -%}
{%- for c in customers %}{% set ns.n = ns.n + 1 %}{% endfor -%}
select
  {{ ns.n }} as n_customers,
  {{ amount_columns(customers) }},
  {{ shoplib.to_dollars('sum(amount) * 100') }} as total,
  {{ shoplib.label("'x'") }} as label,
  {{ dbt.concat(["'a'", "'b'"]) }} as ab,
  cast(1 as {{ dbt.type_string() }}) as s,
  {{ dbt.datediff("date '2024-01-01'", "date '2024-03-01'", 'day') }} as days
from {{ ref('orders') }}
