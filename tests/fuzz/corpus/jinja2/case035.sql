a
{{ x | nosuch }}