{% macro cents_to_dollars(col) -%}
  {%- if col is not string -%}
    {{ exceptions.raise_compiler_error("cents_to_dollars takes a column name") }}
  {%- endif -%}
  ({{ col }} / 100)
{%- endmacro %}
