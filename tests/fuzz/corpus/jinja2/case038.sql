{% if x %}
never closed