{% macro cols() %}{% do return(['a', 'b']) %}{% endmacro %}
{% macro pick(x) %}{% if x %}{{ return('yes') }}{% endif %}no{% endmacro %}