-- The oracle for dbt-codegen's integration_tests project: its models, each
-- derived by hand from the raw seed CSVs (read here with DuckDB's read_csv,
-- not through floe) and the source table prepare.sql makes, compared both
-- ways (EXCEPT ALL: order-independent, duplicates counted).  Seeds land in
-- main_raw_data (+schema: raw_data), models in main.  The project's own
-- tests (tests/*.sql) compare codegen's generated text with expected text.
-- The working directory is a copy of the project after `floe run`.
ATTACH 'warehouse/lake.duckdb' AS "default" (READ_ONLY);
USE "default";
CREATE TEMP VIEW a AS SELECT * FROM read_csv('dbt/integration_tests/seeds/data__a_relation.csv');
CREATE TEMP VIEW ca AS SELECT * FROM read_csv('dbt/integration_tests/seeds/data__campaign_analytics.csv', all_varchar = true);

-- check: the seeds are in main_raw_data, the models in main
SELECT table_schema, table_name FROM information_schema.tables
WHERE table_catalog = 'default' AND table_name IN ('data__a_relation', 'data__b_relation', 'data__campaign_analytics')
EXCEPT ALL SELECT 'main_raw_data', unnest(['data__a_relation', 'data__b_relation', 'data__campaign_analytics']);

-- check: model_data_a and child_model (the a relation, as is)
(SELECT col_a, col_b FROM main.model_data_a EXCEPT ALL SELECT * FROM a)
UNION ALL (SELECT * FROM a EXCEPT ALL SELECT col_a, col_b FROM main.model_data_a)
UNION ALL (SELECT col_a, col_b FROM main.child_model EXCEPT ALL SELECT * FROM a)
UNION ALL (SELECT * FROM a EXCEPT ALL SELECT col_a, col_b FROM main.child_model);

-- check: model_from_source (the source table's one row)
SELECT my_integer_col, my_bool_col FROM main.model_from_source EXCEPT ALL SELECT 1, true;
SELECT 'rows', count(*) FROM main.model_from_source HAVING count(*) <> 1;

-- check: model_incremental (a first run builds it whole: one row, id 1)
SELECT id, count(*) OVER () FROM main.model_incremental EXCEPT ALL SELECT 1, 1;

-- check: model_repeated (not BigQuery: one row, int_field 1)
SELECT int_field, count(*) OVER () FROM main.model_repeated EXCEPT ALL SELECT 1, 1;

-- check: model_struct (not BigQuery: the campaign seed's columns)
(SELECT CAST(analytics AS VARCHAR), source, medium, source_medium, col_x FROM main.model_struct
 EXCEPT ALL SELECT analytics, source, medium, source_medium, col_x FROM ca)
UNION ALL (SELECT analytics, source, medium, source_medium, col_x FROM ca
 EXCEPT ALL SELECT CAST(analytics AS VARCHAR), source, medium, source_medium, col_x FROM main.model_struct);

-- check: model_without_import_ctes (ids 1 and 2: one per read of the one-row source)
(SELECT id FROM main.model_without_import_ctes EXCEPT ALL SELECT unnest([1, 2]))
UNION ALL (SELECT unnest([1, 2]) EXCEPT ALL SELECT id FROM main.model_without_import_ctes);

-- check: model_without_any_ctes (id 1, no a row with col_a = 1 among the
-- constant 2s, so col_a NULL; col2 2)
SELECT id, col_a, col2, count(*) OVER () FROM main.model_without_any_ctes
EXCEPT ALL SELECT 1, NULL, 2, 1;
