ok {{ name | sq }}
{{ name }}