{% macro hi() %}1{% endmacro %}
