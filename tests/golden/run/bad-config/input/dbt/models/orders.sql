{{ config(materialized=3) }}
select 1 as x
