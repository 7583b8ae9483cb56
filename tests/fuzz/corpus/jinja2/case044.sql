x
  {{ nope.attr }}