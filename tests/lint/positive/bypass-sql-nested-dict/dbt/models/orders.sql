{{ config(meta={'owner': 'ana', 'export': {'path': 'abfss://lake@acme.dfs.core.windows.net/orders'}}) }}
select 1 as id
