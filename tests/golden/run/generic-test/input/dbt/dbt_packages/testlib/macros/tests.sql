{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
select * from {{ model }}
where {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
   or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
{% endtest %}

{% test expression_is_true(model, expression, column_name=none) %}
select * from {{ model }} where not ({{ column_name ~ ' ' if column_name }}{{ expression }})
{% endtest %}
