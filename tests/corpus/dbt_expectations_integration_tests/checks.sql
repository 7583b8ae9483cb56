-- The oracle for dbt-expectations' integration_tests project.  Its models
-- are written as constants or generated (series, dates, random values): the
-- checks restate the constants by hand and derive the generated ones
-- (EXCEPT ALL both ways: order-independent, duplicates counted); the
-- project's ~160 dbt_expectations tests on them are its own oracle.  The
-- project's generate_schema_name override puts every model in the schema
-- it names, dbt_expectations_integration_tests.
-- The working directory is a copy of the project after `floe run`.
ATTACH 'warehouse/lake.duckdb' AS "default" (READ_ONLY);
USE "default";

-- check: data_test (four rows: idx, its date, a + b = 1, idx * 2 and * -2)
CREATE TEMP VIEW want_data_test AS
SELECT * FROM (VALUES
  (1, '2020-10-21', 0.0, 1.0, 'a', 'b'),
  (2, '2020-10-22', 1.0, 0.0, 'b', 'ab'),
  (3, '2020-10-23', 0.5, 0.5, 'c', 'abc'),
  (4, '2020-10-23', 0.5, 0.5, 'c', 'abcd')) t(idx, date_col, a, b, sa, sb);
CREATE TEMP VIEW got_data_test AS
SELECT idx, date_col, CAST(col_numeric_a AS DOUBLE), CAST(col_numeric_b AS DOUBLE), col_string_a, col_string_b
FROM dbt_expectations_integration_tests.data_test;
(SELECT * FROM got_data_test EXCEPT ALL SELECT * FROM want_data_test)
UNION ALL (SELECT * FROM want_data_test EXCEPT ALL SELECT * FROM got_data_test);
SELECT idx FROM dbt_expectations_integration_tests.data_test
WHERE col_null IS NOT NULL OR col_null_2 IS NOT NULL OR col_numeric_a_plus_b <> col_numeric_a + col_numeric_b
   OR idx_multiplied_by_2 <> 2 * idx OR idx_multiplied_by_minus_2 <> -2 * idx;

-- check: data_test_factored (data_test twice, factor 1 and 2)
(SELECT factor, idx, CAST(col_numeric_a AS DOUBLE), col_string_b FROM dbt_expectations_integration_tests.data_test_factored
 EXCEPT ALL SELECT f, idx, a, sb FROM want_data_test, (VALUES (1), (2)) v(f))
UNION ALL (SELECT f, idx, a, sb FROM want_data_test, (VALUES (1), (2)) v(f)
 EXCEPT ALL SELECT factor, idx, CAST(col_numeric_a AS DOUBLE), col_string_b FROM dbt_expectations_integration_tests.data_test_factored);

-- check: data_text (four addresses and postal codes)
CREATE TEMP VIEW want_text AS SELECT * FROM (VALUES
  ('ab@gmail.com', '91001', '91001-123'), ('ab@mail.com', '90210', '90210-123'),
  ('abc@gmail.com', '90026', '90026-123'), ('abc.com@gmail.com', '09876', '09876-023')) t(e, p5, p53);
(SELECT email_address, postal_code_5, postal_code_5_3 FROM dbt_expectations_integration_tests.data_text EXCEPT ALL SELECT * FROM want_text)
UNION ALL (SELECT * FROM want_text EXCEPT ALL SELECT email_address, postal_code_5, postal_code_5_3 FROM dbt_expectations_integration_tests.data_text);

-- check: series_10 and series_4 (dbt_date.generate_series: 1 to the bound)
(SELECT 10, generated_number FROM dbt_expectations_integration_tests.series_10 EXCEPT ALL SELECT 10, range FROM range(1, 11))
UNION ALL (SELECT 10, range FROM range(1, 11) EXCEPT ALL SELECT 10, generated_number FROM dbt_expectations_integration_tests.series_10)
UNION ALL (SELECT 4, generated_number FROM dbt_expectations_integration_tests.series_4 EXCEPT ALL SELECT 4, range FROM range(1, 5))
UNION ALL (SELECT 4, range FROM range(1, 5) EXCEPT ALL SELECT 4, generated_number FROM dbt_expectations_integration_tests.series_4);

-- check: timeseries_base (366 days back from the run's day to tomorrow,
-- end excluded: 367 consecutive days) and timeseries_data (one row a day of
-- it, a random row_value in [0, 100])
SELECT 'base', count(*), count(DISTINCT date_day), date_diff('day', min(date_day), max(date_day))
FROM dbt_expectations_integration_tests.timeseries_base
EXCEPT ALL SELECT 'base', 367, 367, 366;
(SELECT CAST(date_day AS DATE) FROM dbt_expectations_integration_tests.timeseries_data EXCEPT ALL SELECT CAST(date_day AS DATE) FROM dbt_expectations_integration_tests.timeseries_base)
UNION ALL (SELECT CAST(date_day AS DATE) FROM dbt_expectations_integration_tests.timeseries_base EXCEPT ALL SELECT CAST(date_day AS DATE) FROM dbt_expectations_integration_tests.timeseries_data);
SELECT date_day, row_value FROM dbt_expectations_integration_tests.timeseries_data
WHERE row_value IS NULL OR row_value < 0 OR row_value > 100 OR CAST(date_datetime AS DATE) <> date_day OR CAST(date_timestamp AS DATE) <> date_day;
