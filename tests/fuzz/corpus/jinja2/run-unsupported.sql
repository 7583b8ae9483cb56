{% for c in ['a', 'b'] %}{{ c }}{% endfor %}
{{ dbt_utils.star(ref('a')) }} {{ helper(1) }} {{ adapter.quote('x') }} {{ 'a' | tojson }}
{% raw %}{{ x }}{% endraw %} {{ 2 ** 8 }} {{ refs('x') }} {{ ref('a', v=2) }}
