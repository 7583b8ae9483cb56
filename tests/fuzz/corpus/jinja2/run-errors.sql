{{ var('nope') }} {{ env_var('NOPE') }} {{ 1 // 0 }} {{ target.nope }} {{ 'a' < 1 }}
{% if x %}{% set y = 1 %}{% endif %}{{ y }} {{ [1][5] }} {{ -'a' }}
