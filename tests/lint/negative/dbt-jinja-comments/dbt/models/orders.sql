{# credentials come from DBT_ENV_SECRET_PG; see the runbook #}
{{ config(materialized='view') }}
select 1 as id -- token column removed
