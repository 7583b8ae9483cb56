{% macro cents_to_dollars(col) %}
  {{ exceptions.raise_compiler_error("bad column " ~ col) }}
{% endmacro %}