-- Orders from the raw seed, typed, without zero-amount rows.
-- A table, not the project's default view: in dev and prod the models land
-- in Polaris, and DuckDB cannot create views in an Iceberg REST catalog
-- (floe lint's iceberg-view rule).
{{ config(materialized='table') }}
select
    order_id,
    customer_id,
    cast(order_date as date) as order_date,
    cast(amount as decimal(12, 2)) as amount
from {{ ref('raw_orders') }}
where amount > 0
