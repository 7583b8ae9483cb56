{#- floe's built-in dbt package: dbt's cross-database macros, each
    dispatched (so a project's or package's duckdb__x or default__x wins),
    with DuckDB's SQL where dbt-duckdb has its own. -#}
{% macro current_timestamp() -%}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{%- endmacro %}
{% macro default__current_timestamp() -%}now(){%- endmacro %}

{% macro date_trunc(datepart, date) -%}{{ adapter.dispatch('date_trunc', 'dbt')(datepart, date) }}{%- endmacro %}
{% macro default__date_trunc(datepart, date) -%}date_trunc('{{ datepart }}', {{ date }}){%- endmacro %}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
  {{ adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp) }}
{%- endmacro %}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
  {%- set unit = datepart | lower -%}
  {%- if unit == 'quarter' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
  {%- elif unit == 'week' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
  {%- else -%}
    ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
  {%- endif -%}
{%- endmacro %}

{% macro datediff(first_date, second_date, datepart) -%}
  {{ adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart) }}
{%- endmacro %}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
  {%- if datepart == 'week' -%}
    ({{ datediff(first_date, second_date, 'day') }} // 7 + case
      when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then
        case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
      else
        case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
    end)
  {%- else -%}
    (date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp))
  {%- endif -%}
{%- endmacro %}

{% macro last_day(date, datepart) -%}{{ adapter.dispatch('last_day', 'dbt')(date, datepart) }}{%- endmacro %}
{% macro default_last_day(date, datepart) -%}
  cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro %}
{% macro default__last_day(date, datepart) -%}{{ dbt.default_last_day(date, datepart) }}{%- endmacro %}
{% macro duckdb__last_day(date, datepart) -%}
  {%- if datepart == 'quarter' -%}
    cast({{ dbt.dateadd('day', '-1', dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))) }} as date)
  {%- else -%}
    {{ dbt.default_last_day(date, datepart) }}
  {%- endif -%}
{%- endmacro %}

{% macro safe_cast(field, type) -%}{{ adapter.dispatch('safe_cast', 'dbt')(field, type) }}{%- endmacro %}
{% macro default__safe_cast(field, type) -%}try_cast({{ field }} as {{ type }}){%- endmacro %}

{% macro cast_bool_to_text(field) -%}{{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}{%- endmacro %}
{% macro default__cast_bool_to_text(field) -%}cast({{ field }} as {{ dbt.type_string() }}){%- endmacro %}

{% macro concat(fields) -%}{{ adapter.dispatch('concat', 'dbt')(fields) }}{%- endmacro %}
{% macro default__concat(fields) -%}{{ fields | join(' || ') }}{%- endmacro %}

{% macro hash(field) -%}{{ adapter.dispatch('hash', 'dbt')(field) }}{%- endmacro %}
{% macro default__hash(field) -%}md5(cast({{ field }} as {{ dbt.type_string() }})){%- endmacro %}

{% macro split_part(string_text, delimiter_text, part_number) -%}
  {{ adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number) }}
{%- endmacro %}
{% macro duckdb__split_part(string_text, delimiter_text, part_number) -%}
  string_split({{ string_text }}, {{ delimiter_text }})[ {{ part_number }} ]
{%- endmacro %}

{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
  {{ adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num) }}
{%- endmacro %}
{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    list_aggr((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], 'string_agg', {{ delimiter_text }})
  {%- else -%}
    string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
  {%- endif -%}
{%- endmacro %}

{% macro any_value(expression) -%}{{ adapter.dispatch('any_value', 'dbt')(expression) }}{%- endmacro %}
{% macro duckdb__any_value(expression) -%}arbitrary({{ expression }}){%- endmacro %}

{% macro bool_or(expression) -%}{{ adapter.dispatch('bool_or', 'dbt')(expression) }}{%- endmacro %}
{% macro default__bool_or(expression) -%}bool_or({{ expression }}){%- endmacro %}

{% macro escape_single_quotes(expression) -%}{{ adapter.dispatch('escape_single_quotes', 'dbt')(expression) }}{%- endmacro %}
{% macro default__escape_single_quotes(expression) -%}{{ expression | replace("'", "''") }}{%- endmacro %}

{% macro string_literal(value) -%}{{ adapter.dispatch('string_literal', 'dbt')(value) }}{%- endmacro %}
{% macro default__string_literal(value) -%}'{{ value }}'{%- endmacro %}

{% macro right(string_text, length_expression) -%}
  {{ adapter.dispatch('right', 'dbt')(string_text, length_expression) }}
{%- endmacro %}
{% macro default__right(string_text, length_expression) -%}right({{ string_text }}, {{ length_expression }}){%- endmacro %}

{% macro length(expression) -%}{{ adapter.dispatch('length', 'dbt')(expression) }}{%- endmacro %}
{% macro default__length(expression) -%}length({{ expression }}){%- endmacro %}

{% macro position(substring_text, string_text) -%}
  {{ adapter.dispatch('position', 'dbt')(substring_text, string_text) }}
{%- endmacro %}
{% macro default__position(substring_text, string_text) -%}position({{ substring_text }} in {{ string_text }}){%- endmacro %}

{% macro replace(field, old_chars, new_chars) -%}
  {{ adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars) }}
{%- endmacro %}
{% macro default__replace(field, old_chars, new_chars) -%}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){%- endmacro %}

{% macro array_construct(inputs=[], data_type=none) -%}
  {{ adapter.dispatch('array_construct', 'dbt')(inputs, data_type if data_type is not none else dbt.type_string()) }}
{%- endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
  {%- if inputs | length > 0 -%}array[ {{ inputs | join(' , ') }} ]{%- else -%}array[]::{{ data_type }}[]{%- endif -%}
{%- endmacro %}

{% macro date(year, month, day) -%}{{ adapter.dispatch('date', 'dbt')(year, month, day) }}{%- endmacro %}
{% macro duckdb__date(year, month, day) -%}make_date({{ year }}, {{ month }}, {{ day }}){%- endmacro %}

{% macro except() -%}{{ adapter.dispatch('except', 'dbt')() }}{%- endmacro %}
{% macro default__except() -%}except{%- endmacro %}

{% macro intersect() -%}{{ adapter.dispatch('intersect', 'dbt')() }}{%- endmacro %}
{% macro default__intersect() -%}intersect{%- endmacro %}
