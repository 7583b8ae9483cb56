{{ config(password=env_var('DBT_ENV_SECRET_PG_PASSWORD'), token="{{ env_var('DBT_ENV_SECRET_TOKEN') }}") }}
select 1 as id
