{% materialization view, adapter='duckdb' %}create view{% endmaterialization %}
{% materialization table, default %}create table{% endmaterialization %}