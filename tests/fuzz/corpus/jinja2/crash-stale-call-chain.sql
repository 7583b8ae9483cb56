{% macro m0(x) %}{{ m0(x) }}{% endmacro %}{% macro m0(a, b=1) %}{
varargs }}{{ calle-r is defined }}{% endmacro %}{{ m0() }}