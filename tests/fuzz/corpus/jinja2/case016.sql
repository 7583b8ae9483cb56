{% macro surrogate(cols) %}md5({{ helper(cols) }}){% endmacro %}
{% macro helper(cols) %}{{ cols | join(" || '-' || ") }}{% endmacro %}