-- The oracle for dbt-utils' integration_tests project: each check compares
-- a model with a derivation written by hand from the raw seed CSVs (read here
-- with DuckDB's read_csv, not through floe) or with the expected values
-- published upstream beside them (the data_*_expected.csv files the
-- project's own dbt_utils.equality tests use, and the `expected` columns of
-- the assert-style models), both ways (EXCEPT ALL: order-independent,
-- duplicates counted).  Models land in the target schema, main.
-- The working directory is a copy of the project after `floe run`.
ATTACH 'warehouse/lake.duckdb' AS "default" (READ_ONLY);
USE "default";

-- check: pivot (per size, the rows of each colour: hand count over data_pivot)
CREATE TEMP VIEW want_pivot AS
SELECT size, count(*) FILTER (WHERE color = 'red') AS red, count(*) FILTER (WHERE color = 'blue') AS blue
FROM read_csv('dbt/integration_tests/data/sql/data_pivot.csv') GROUP BY size;
(SELECT size, CAST(red AS BIGINT), CAST(blue AS BIGINT) FROM main.test_pivot EXCEPT ALL SELECT * FROM want_pivot)
UNION ALL (SELECT * FROM want_pivot EXCEPT ALL SELECT size, CAST(red AS BIGINT), CAST(blue AS BIGINT) FROM main.test_pivot);

-- check: pivot against the published data_pivot_expected.csv
(SELECT size, CAST(red AS BIGINT), CAST(blue AS BIGINT) FROM main.test_pivot
 EXCEPT ALL SELECT size, red, blue FROM read_csv('dbt/integration_tests/data/sql/data_pivot_expected.csv'))
UNION ALL (SELECT size, red, blue FROM read_csv('dbt/integration_tests/data/sql/data_pivot_expected.csv')
 EXCEPT ALL SELECT size, CAST(red AS BIGINT), CAST(blue AS BIGINT) FROM main.test_pivot);

-- check: pivot with an apostrophe (a third value, blue's), by position
CREATE TEMP VIEW want_pivot_apos AS
SELECT size, count(*) FILTER (WHERE color = 'red'), count(*) FILTER (WHERE color = 'blue'), count(*) FILTER (WHERE color = 'blue''s')
FROM read_csv('dbt/integration_tests/data/sql/data_pivot.csv') GROUP BY size;
(SELECT * FROM main.test_pivot_apostrophe EXCEPT ALL SELECT * FROM want_pivot_apos)
UNION ALL (SELECT * FROM want_pivot_apos EXCEPT ALL SELECT * FROM main.test_pivot_apostrophe);

-- check: deduplicate (user 1's rows, keeping the highest version)
CREATE TEMP VIEW want_dedup AS
SELECT * FROM read_csv('dbt/integration_tests/data/sql/data_deduplicate.csv') d
WHERE user_id = 1 AND version = (SELECT max(version) FROM read_csv('dbt/integration_tests/data/sql/data_deduplicate.csv') WHERE user_id = 1);
(SELECT user_id, event, version FROM main.test_deduplicate EXCEPT ALL SELECT * FROM want_dedup)
UNION ALL (SELECT * FROM want_dedup EXCEPT ALL SELECT user_id, event, version FROM main.test_deduplicate);

-- check: generate_surrogate_key (md5 of the columns as text, NULL as
-- '_dbt_utils_surrogate_key_null_', joined by '-'), and the published keys
CREATE TEMP VIEW want_keys AS
SELECT md5(coalesce(CAST(column_1 AS VARCHAR), '_dbt_utils_surrogate_key_null_')) AS k1,
       md5(coalesce(CAST(column_1 AS VARCHAR), '_dbt_utils_surrogate_key_null_') || '-' ||
           coalesce(CAST(column_2 AS VARCHAR), '_dbt_utils_surrogate_key_null_') || '-' ||
           coalesce(CAST(column_3 AS VARCHAR), '_dbt_utils_surrogate_key_null_')) AS k3,
       expected_column_1_only, expected_all_columns
FROM read_csv('dbt/integration_tests/data/sql/data_generate_surrogate_key.csv', all_varchar = true);
SELECT 'hand and published keys differ', * FROM want_keys WHERE k1 <> expected_column_1_only OR k3 <> expected_all_columns;
(SELECT actual_column_1_only, actual_all_columns_list FROM main.test_generate_surrogate_key EXCEPT ALL SELECT k1, k3 FROM want_keys)
UNION ALL (SELECT k1, k3 FROM want_keys EXCEPT ALL SELECT actual_column_1_only, actual_all_columns_list FROM main.test_generate_surrogate_key);

-- check: safe_add (NULLs as 0: hand sum over data_safe_add)
CREATE TEMP VIEW want_add AS
SELECT coalesce(field_1, 0) + coalesce(field_2, 0) + coalesce(field_3, 0), expected FROM read_csv('dbt/integration_tests/data/sql/data_safe_add.csv');
(SELECT CAST(actual AS DOUBLE), CAST(expected AS DOUBLE) FROM main.test_safe_add EXCEPT ALL SELECT * FROM want_add)
UNION ALL (SELECT * FROM want_add EXCEPT ALL SELECT CAST(actual AS DOUBLE), CAST(expected AS DOUBLE) FROM main.test_safe_add);

-- check: safe_subtract (NULLs as 0)
CREATE TEMP VIEW want_sub AS
SELECT coalesce(field_1, 0) - coalesce(field_2, 0) - coalesce(field_3, 0), expected FROM read_csv('dbt/integration_tests/data/sql/data_safe_subtract.csv');
(SELECT CAST(actual AS DOUBLE), CAST(expected AS DOUBLE) FROM main.test_safe_subtract EXCEPT ALL SELECT * FROM want_sub)
UNION ALL (SELECT * FROM want_sub EXCEPT ALL SELECT CAST(actual AS DOUBLE), CAST(expected AS DOUBLE) FROM main.test_safe_subtract);

-- check: safe_divide, width_bucket, url_host, url_path: each row's actual
-- equals the published expected value, and no row is lost (row counts of
-- the seeds: 7 for the three safe_divide seeds together, 8, 5, 3)
SELECT 'safe_divide', actual, expected FROM main.test_safe_divide WHERE round(actual, 6) IS DISTINCT FROM round(expected, 6)
UNION ALL SELECT 'width_bucket', actual, expected FROM main.test_width_bucket WHERE actual IS DISTINCT FROM expected
UNION ALL SELECT 'url_host', NULL, NULL FROM main.test_url_host WHERE actual IS DISTINCT FROM expected
UNION ALL SELECT 'url_path', NULL, NULL FROM main.test_url_path WHERE actual IS DISTINCT FROM expected
UNION ALL SELECT 'counts', (SELECT count(*) FROM main.test_safe_divide), (SELECT count(*) FROM main.test_width_bucket)
EXCEPT ALL SELECT 'counts', (SELECT count(*) FROM read_csv('dbt/integration_tests/data/sql/data_safe_divide.csv'))
  + (SELECT count(*) FROM read_csv('dbt/integration_tests/data/sql/data_safe_divide_numerator_expressions.csv'))
  + (SELECT count(*) FROM read_csv('dbt/integration_tests/data/sql/data_safe_divide_denominator_expressions.csv')),
  (SELECT count(*) FROM read_csv('dbt/integration_tests/data/sql/data_width_bucket.csv'));

-- check: url_host and url_path keep every published row
SELECT 'urls', (SELECT count(*) FROM main.test_url_host), (SELECT count(*) FROM main.test_url_path)
EXCEPT ALL SELECT 'urls', (SELECT count(*) FROM read_csv('dbt/integration_tests/data/web/data_url_host.csv')),
  (SELECT count(*) FROM read_csv('dbt/integration_tests/data/web/data_url_path.csv'));

-- check: haversine distance (km and miles) rounded, against the published output
-- (the miles model has each seed row twice: unit='mi' given, and the default)
SELECT 'km', expected, actual FROM main.test_haversine_distance_km WHERE expected <> actual
UNION ALL SELECT 'mi', expected, actual FROM main.test_haversine_distance_mi WHERE expected <> actual
UNION ALL SELECT 'rows', (SELECT count(*) FROM main.test_haversine_distance_km), (SELECT count(*) FROM main.test_haversine_distance_mi)
EXCEPT ALL SELECT 'rows', (SELECT count(*) FROM read_csv('dbt/integration_tests/data/geo/data_haversine_km.csv')),
  2 * (SELECT count(*) FROM read_csv('dbt/integration_tests/data/geo/data_haversine_mi.csv'));

-- check: star (every column of data_star but field_3), against the published expected seed
(SELECT field_1, field_2 FROM main.test_star EXCEPT ALL SELECT field_1, field_2 FROM read_csv('dbt/integration_tests/data/sql/data_star_expected.csv'))
UNION ALL (SELECT field_1, field_2 FROM read_csv('dbt/integration_tests/data/sql/data_star_expected.csv') EXCEPT ALL SELECT field_1, field_2 FROM main.test_star);

-- check: union_relations (the two tables' columns merged, NULL where absent)
CREATE TEMP VIEW want_union AS
SELECT CAST(id AS VARCHAR), name, NULL::VARCHAR AS favorite_color, CAST(favorite_number AS VARCHAR) FROM read_csv('dbt/integration_tests/data/sql/data_union_table_1.csv', all_varchar = true)
UNION ALL SELECT CAST(id AS VARCHAR), NULL, favorite_color, CAST(favorite_number AS VARCHAR) FROM read_csv('dbt/integration_tests/data/sql/data_union_table_2.csv', all_varchar = true);
(SELECT CAST(id AS VARCHAR), name, favorite_color, CAST(favorite_number AS VARCHAR) FROM main.test_union EXCEPT ALL SELECT * FROM want_union)
UNION ALL (SELECT * FROM want_union EXCEPT ALL SELECT CAST(id AS VARCHAR), name, favorite_color, CAST(favorite_number AS VARCHAR) FROM main.test_union);

-- check: unpivot (status and segment as prop/val rows, name removed), against the published seed
(SELECT CAST(customer_id AS VARCHAR), CAST(created_at AS VARCHAR), prop, val FROM main.test_unpivot
 EXCEPT ALL SELECT * FROM read_csv('dbt/integration_tests/data/sql/data_unpivot_expected.csv', all_varchar = true))
UNION ALL (SELECT * FROM read_csv('dbt/integration_tests/data/sql/data_unpivot_expected.csv', all_varchar = true)
 EXCEPT ALL SELECT CAST(customer_id AS VARCHAR), CAST(created_at AS VARCHAR), prop, val FROM main.test_unpivot);

-- check: date_spine, against the published data_date_spine.csv (the days of 2018-01-01 to 2018-01-10, end excluded)
(SELECT CAST(date_day AS DATE) FROM main.test_date_spine EXCEPT ALL SELECT CAST(date_day AS DATE) FROM read_csv('dbt/integration_tests/data/datetime/data_date_spine.csv'))
UNION ALL (SELECT CAST(date_day AS DATE) FROM read_csv('dbt/integration_tests/data/datetime/data_date_spine.csv') EXCEPT ALL SELECT CAST(date_day AS DATE) FROM main.test_date_spine);

-- check: generate_series(10), against the published data_generate_series.csv (1 to 10)
(SELECT CAST(generated_number AS BIGINT) FROM main.test_generate_series EXCEPT ALL SELECT generated_number FROM read_csv('dbt/integration_tests/data/sql/data_generate_series.csv'))
UNION ALL (SELECT generated_number FROM read_csv('dbt/integration_tests/data/sql/data_generate_series.csv') EXCEPT ALL SELECT CAST(generated_number AS BIGINT) FROM main.test_generate_series);
