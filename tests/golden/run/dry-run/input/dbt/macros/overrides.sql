{# the project's own variant wins through dispatch: search_order shop, shoplib #}
{% macro duckdb__label(col) -%}
  'shop:' || {{ col }}
{%- endmacro %}

{% macro amount_columns(names) -%}
  {%- for n in names %}
  sum(case when customer = '{{ n }}' then amount else 0 end) as {{ n }}_amount{{ "," if not loop.last }}
  {%- endfor %}
{%- endmacro %}
