<ul>
  {%- for x in [1, 2] %}
    <li>{{ x -}}  </li>
  {%- endfor %}
</ul>