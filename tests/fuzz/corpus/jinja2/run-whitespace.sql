select
  {%- if true -%}
    a
  {%- elif false %} b
  {% else -%} c {%+ endif %}
  {# a comment -#}   x {{- 1 -}} y
