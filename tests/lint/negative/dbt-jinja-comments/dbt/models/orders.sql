{# credentials come from DBT_ENV_SECRET_PG; see the runbook #}
{{ config(materialized='table') }}
select 1 as id -- token column removed
