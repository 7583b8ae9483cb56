{# run_query sees the database at run time; at load it returns None #}
{%- set names = [] -%}
{%- if execute -%}
  {%- set res = run_query("select distinct customer from " ~ ref('orders') ~ " order by 1") -%}
  {%- set names = res.columns[0].values() -%}
{%- endif -%}
select
{%- for n in names %}
  (select sum(amount) from {{ ref('orders') }} where customer = '{{ n }}') as {{ n }}{{ "," if not loop.last }}
{%- else %}
  null as nobody
{%- endfor %}
