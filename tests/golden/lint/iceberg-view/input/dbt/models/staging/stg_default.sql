-- no config: dbt's default, a view
select 1 as id
