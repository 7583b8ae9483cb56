{% set x = var('n', 2) * 3 + (7 // 2) - 1 %}
select {{ x }}, {{ 'a' ~ x ~ none }}, {{ [1, 'b', {'k': [2.5, true]}] }},
  {{ 'y' if x > 2 else 'n' }}, {{ 1 in [1, 2] and not (2 not in [1]) or false }},
  {{ '  T ' | trim | lower | replace('t', 'u') }}, {{ ['a', 'b'] | join(',') }},
  {{ missing | default('d') }}, {{ missing is defined }}, {{ none is none }},
  {{ -x }}, {{ 7 % -3 }}, {{ 2.0 / 4 }}, {{ [1][0] }}, {{ {'a': 1}['a'] }},
  {{ this.schema }}.{{ this.identifier }} {{ target.name }}
