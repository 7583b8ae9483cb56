-- The source tables codegen's integration tests read, which upstream makes
-- with `dbt run-operation create_source_table` before `dbt run`
-- (dbt/macros/operations/create_source_table.sql, by hand: the schema is
-- the target schema's name and '__data_source_schema').
ATTACH 'warehouse/lake.duckdb' AS "default";
USE "default";
CREATE SCHEMA IF NOT EXISTS main__data_source_schema;
CREATE OR REPLACE TABLE main__data_source_schema.codegen_integration_tests__data_source_table AS
SELECT 1 AS my_integer_col, true AS my_bool_col;
CREATE OR REPLACE TABLE main__data_source_schema.codegen_integration_tests__data_source_table_case_sensitive AS
SELECT 1 AS "My_Integer_Col", true AS "My_Bool_Col";

-- check: prepared (sqlcheck wants one check)
SELECT 1 WHERE false;
