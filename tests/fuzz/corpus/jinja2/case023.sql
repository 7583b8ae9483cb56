{% macro m() %}first{% endmacro %}
{% macro m() %}second{% endmacro %}