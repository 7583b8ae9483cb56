{% macro to_dollars(col) -%}
  {{ return(adapter.dispatch('to_dollars', 'shoplib')(col)) }}
{%- endmacro %}

{% macro default__to_dollars(col) -%}
  ({{ col }} / 100.0)
{%- endmacro %}

{% macro label(col) -%}
  {{ adapter.dispatch('label', 'shoplib')(col) }}
{%- endmacro %}

{% macro default__label(col) -%}
  'pkg:' || {{ col }}
{%- endmacro %}
