-- The oracle for dbt-bouncer's test project (dbt_project/): each check is
-- written by hand from the seed CSVs (read here with DuckDB's read_csv, not
-- through floe) and compares a model both ways (EXCEPT ALL:
-- order-independent, duplicates counted; amounts rounded to cents).
-- Schemas: the project's generate_schema_name falls back to dbt's default,
-- so a +schema X lands in main_X (marts, stg_crm, stg_payments,
-- intermediate, dbt_pslattery for the snapshots); seeds, the on-run-start
-- hook's table and the utilities in main.
-- The working directory is a copy of the project after `floe run`.
ATTACH 'warehouse/lake.duckdb' AS "default" (READ_ONLY);
USE "default";
CREATE TEMP VIEW c AS SELECT * FROM read_csv('dbt_project/seeds/raw_customers.csv');
CREATE TEMP VIEW o AS SELECT * FROM read_csv('dbt_project/seeds/raw_orders.csv');
CREATE TEMP VIEW p AS SELECT * FROM read_csv('dbt_project/seeds/raw_payments.csv');

-- check: the on-run-start hook's main.customers (the customers CSV as is)
(SELECT id, first_name, last_name FROM main.customers EXCEPT ALL SELECT id, first_name, last_name FROM c)
UNION ALL (SELECT id, first_name, last_name FROM c EXCEPT ALL SELECT id, first_name, last_name FROM main.customers);

-- check: stg_customers (the seed and the hook's copy, union distinct: each customer once)
(SELECT customer_id, first_name, last_name FROM main_stg_crm.stg_customers EXCEPT ALL SELECT DISTINCT id, first_name, last_name FROM c)
UNION ALL (SELECT DISTINCT id, first_name, last_name FROM c EXCEPT ALL SELECT customer_id, first_name, last_name FROM main_stg_crm.stg_customers);

-- check: stg_orders and stg_payments (renamed; cents to dollars)
(SELECT order_id, customer_id, order_date, status FROM main_stg_crm.stg_orders EXCEPT ALL SELECT * FROM o)
UNION ALL (SELECT * FROM o EXCEPT ALL SELECT order_id, customer_id, order_date, status FROM main_stg_crm.stg_orders)
UNION ALL (SELECT payment_id, order_id, payment_method, round(amount, 2) FROM main_stg_payments.stg_payments
  EXCEPT ALL SELECT id, order_id, payment_method, round(amount / 100.0, 2) FROM p)
UNION ALL (SELECT id, order_id, payment_method, round(amount / 100.0, 2) FROM p
  EXCEPT ALL SELECT payment_id, order_id, payment_method, round(amount, 2) FROM main_stg_payments.stg_payments);

-- check: orders (per method: the order's payments of that method, 0 when
-- it has payments but none of that method, NULL when it has none)
CREATE TEMP VIEW want_orders AS
SELECT o.id, o.user_id, o.order_date, o.status,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'credit_card'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id),
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'coupon'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id),
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'bank_transfer'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id),
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'gift_card'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id),
       (SELECT round(sum(amount) / 100.0, 2) FROM p WHERE p.order_id = o.id)
FROM o;
CREATE TEMP VIEW got_orders AS
SELECT order_id_pk, customer_id_fk, order_date, status, round(credit_card_amount, 2), round(coupon_amount, 2),
       round(bank_transfer_amount, 2), round(gift_card_amount, 2), round(amount, 2)
FROM main_marts.orders;
(SELECT * FROM got_orders EXCEPT ALL SELECT * FROM want_orders)
UNION ALL (SELECT * FROM want_orders EXCEPT ALL SELECT * FROM got_orders);

-- check: customers, versions 1 to 3 (first and last order, order count or
-- NULL, recurring when more than 5 orders, lifetime value 0 without
-- payments; v3 renames the key customer_id_pk and adds new_column)
CREATE TEMP VIEW want_customers AS
SELECT c.id, c.first_name, c.last_name,
       (SELECT min(order_date) FROM o WHERE o.user_id = c.id) AS first_order_date,
       (SELECT max(order_date) FROM o WHERE o.user_id = c.id) AS most_recent_order_date,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE count(*) END FROM o WHERE o.user_id = c.id) AS number_of_orders,
       (SELECT count(*) > 5 FROM o WHERE o.user_id = c.id) AS is_recurring_customer,
       (SELECT round(coalesce(sum(p.amount), 0) / 100.0, 2) FROM p JOIN o ON p.order_id = o.id WHERE o.user_id = c.id) AS customer_lifetime_value
FROM c;
(SELECT customer_id, first_name, last_name, first_order_date, most_recent_order_date, number_of_orders, is_recurring_customer, round(customer_lifetime_value, 2) FROM main_marts.customers_v1
 EXCEPT ALL SELECT * FROM want_customers)
UNION ALL (SELECT * FROM want_customers EXCEPT ALL
 SELECT customer_id, first_name, last_name, first_order_date, most_recent_order_date, number_of_orders, is_recurring_customer, round(customer_lifetime_value, 2) FROM main_marts.customers_v1)
UNION ALL (SELECT customer_id, first_name, last_name, first_order_date, most_recent_order_date, number_of_orders, is_recurring_customer, round(customer_lifetime_value, 2) FROM main_marts.customers_v2
 EXCEPT ALL SELECT * FROM want_customers)
UNION ALL (SELECT * FROM want_customers EXCEPT ALL
 SELECT customer_id, first_name, last_name, first_order_date, most_recent_order_date, number_of_orders, is_recurring_customer, round(customer_lifetime_value, 2) FROM main_marts.customers_v2)
UNION ALL (SELECT customer_id_pk, first_name, last_name, first_order_date, most_recent_order_date, number_of_orders, is_recurring_customer, round(customer_lifetime_value, 2) FROM main_marts.customers_v3
 WHERE new_column = 'New column' EXCEPT ALL SELECT * FROM want_customers)
UNION ALL (SELECT * FROM want_customers EXCEPT ALL
 SELECT customer_id_pk, first_name, last_name, first_order_date, most_recent_order_date, number_of_orders, is_recurring_customer, round(customer_lifetime_value, 2) FROM main_marts.customers_v3 WHERE new_column = 'New column');

-- check: the snapshots, after one run: every order once, valid from its
-- order_date (the updated_at column, as a timestamp), valid to NULL
CREATE TEMP VIEW want_snap AS SELECT id, user_id, CAST(order_date AS TIMESTAMP), status, CAST(order_date AS TIMESTAMP), NULL::TIMESTAMP FROM o;
(SELECT id, user_id, order_date, status, dbt_valid_from, dbt_valid_to FROM main_dbt_pslattery.snapshot_orders EXCEPT ALL SELECT * FROM want_snap)
UNION ALL (SELECT * FROM want_snap EXCEPT ALL SELECT id, user_id, order_date, status, dbt_valid_from, dbt_valid_to FROM main_dbt_pslattery.snapshot_orders)
UNION ALL (SELECT id, user_id, order_date, status, dbt_valid_from, dbt_valid_to FROM main_dbt_pslattery.snapshot_orders_multiple_unique_keys EXCEPT ALL SELECT * FROM want_snap)
UNION ALL (SELECT * FROM want_snap EXCEPT ALL SELECT id, user_id, order_date, status, dbt_valid_from, dbt_valid_to FROM main_dbt_pslattery.snapshot_orders_multiple_unique_keys);
SELECT 'scd ids', count(DISTINCT dbt_scd_id), count(*) FROM main_dbt_pslattery.snapshot_orders EXCEPT ALL SELECT 'scd ids', 99, 99;

-- check: the small models: the incremental int_incremental (first run:
-- one row), the internal package's model_1, the time spine (every day of
-- 2009-01-01 to 2013-12-31, end excluded), int_exclude_via_meta_config
SELECT 'int_incremental', id FROM main_intermediate.int_incremental EXCEPT ALL SELECT 'int_incremental', 1;
SELECT 'model_1', id FROM main.model_1 EXCEPT ALL SELECT 'model_1', 1;
SELECT 'int_exclude_via_meta_config', id FROM main_intermediate.int_exclude_via_meta_config EXCEPT ALL SELECT 'int_exclude_via_meta_config', 1;
SELECT 'spine', count(*), min(date_day), max(date_day) FROM main.metricflow_time_spine
EXCEPT ALL SELECT 'spine', DATE '2013-12-31' - DATE '2009-01-01', DATE '2009-01-01', DATE '2013-12-30';

-- check: the ephemeral models (int_model_1, stg_raw_orders_for_snapshot) are not relations
SELECT table_schema, table_name FROM information_schema.tables
WHERE table_catalog = 'default' AND table_name IN ('int_model_1', 'stg_raw_orders_for_snapshot');
