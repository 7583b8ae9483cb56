-- The oracle for jaffle_shop: each check is written by hand from the seed
-- CSVs (read here with DuckDB's read_csv, not through floe), and returns
-- the rows where the model and the derivation differ, both ways
-- (EXCEPT ALL: order-independent, duplicates counted).  Amounts are
-- compared rounded to cents: the model sums dollars, the oracle cents.
-- The working directory is a copy of the project after `floe run`.
-- The catalog is attached under floe's alias for it: the staging models are
-- views, and a view names the catalog it was built in.
ATTACH 'warehouse/lake.duckdb' AS floe_default (READ_ONLY);
USE floe_default;
CREATE TEMP VIEW c AS SELECT * FROM read_csv('dbt/seeds/raw_customers.csv');
CREATE TEMP VIEW o AS SELECT * FROM read_csv('dbt/seeds/raw_orders.csv');
CREATE TEMP VIEW p AS SELECT * FROM read_csv('dbt/seeds/raw_payments.csv');

-- check: row counts (100 customers, 99 orders, 113 payments in the seeds)
SELECT 'counts', (SELECT count(*) FROM main.customers), (SELECT count(*) FROM main.orders),
       (SELECT count(*) FROM main.stg_payments)
EXCEPT ALL SELECT 'counts', 100, 99, 113;

-- check: stg_payments (cents to dollars)
(SELECT payment_id, order_id, payment_method, round(amount, 2) FROM main.stg_payments
 EXCEPT ALL SELECT id, order_id, payment_method, round(amount / 100.0, 2) FROM p)
UNION ALL
(SELECT id, order_id, payment_method, round(amount / 100.0, 2) FROM p
 EXCEPT ALL SELECT payment_id, order_id, payment_method, round(amount, 2) FROM main.stg_payments);

-- check: orders (per method: the order's payments of that method, 0 when it
-- has payments but none of that method, NULL when it has no payments)
CREATE TEMP VIEW want_orders AS
SELECT o.id AS order_id, o.user_id AS customer_id, o.order_date, o.status,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'credit_card'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id) AS credit_card_amount,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'coupon'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id) AS coupon_amount,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'bank_transfer'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id) AS bank_transfer_amount,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(coalesce(sum(amount) FILTER (WHERE payment_method = 'gift_card'), 0) / 100.0, 2) END FROM p WHERE p.order_id = o.id) AS gift_card_amount,
       (SELECT round(sum(amount) / 100.0, 2) FROM p WHERE p.order_id = o.id) AS amount
FROM o;
CREATE TEMP VIEW got_orders AS
SELECT order_id, customer_id, order_date, status, round(credit_card_amount, 2), round(coupon_amount, 2),
       round(bank_transfer_amount, 2), round(gift_card_amount, 2), round(amount, 2)
FROM main.orders;
(SELECT * FROM got_orders EXCEPT ALL SELECT * FROM want_orders)
UNION ALL (SELECT * FROM want_orders EXCEPT ALL SELECT * FROM got_orders);

-- check: customers (first and last order, order count, lifetime value:
-- NULL for a customer without orders)
CREATE TEMP VIEW want_customers AS
SELECT c.id AS customer_id, c.first_name, c.last_name,
       (SELECT min(order_date) FROM o WHERE o.user_id = c.id) AS first_order,
       (SELECT max(order_date) FROM o WHERE o.user_id = c.id) AS most_recent_order,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE count(*) END FROM o WHERE o.user_id = c.id) AS number_of_orders,
       (SELECT round(sum(p.amount) / 100.0, 2) FROM p JOIN o ON p.order_id = o.id WHERE o.user_id = c.id) AS customer_lifetime_value
FROM c;
CREATE TEMP VIEW got_customers AS
SELECT customer_id, first_name, last_name, first_order, most_recent_order, number_of_orders,
       round(customer_lifetime_value, 2)
FROM main.customers;
(SELECT * FROM got_customers EXCEPT ALL SELECT * FROM want_customers)
UNION ALL (SELECT * FROM want_customers EXCEPT ALL SELECT * FROM got_customers);
