select {{ ref('a') {% if true %} {# never
