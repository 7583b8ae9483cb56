-- The oracle for dbt-audit-helper's integration_tests project: the upstream
-- expected results (seeds/expected_results__*.csv, read here with DuckDB's
-- read_csv, not through floe) that the project's own dbt_utils.equality
-- tests compare each model with, both ways (EXCEPT ALL: order-independent,
-- duplicates counted; values compared as text by norm() below, the
-- columns those of the expected file); and two derivations by hand over the
-- raw seed CSVs.  Models land in the target schema, main.
-- The working directory is a copy of the project after `floe run`.
ATTACH 'warehouse/lake.duckdb' AS "default" (READ_ONLY);
USE "default";
-- a value as text: numbers as DOUBLE's text (100 and 100.0 alike), the rest lower-cased (True and true alike)
CREATE TEMP MACRO norm(x) AS CASE WHEN TRY_CAST(CAST(x AS VARCHAR) AS DOUBLE) IS NOT NULL
  THEN CAST(round(CAST(CAST(x AS VARCHAR) AS DOUBLE), 6) AS VARCHAR) ELSE lower(CAST(x AS VARCHAR)) END;
CREATE TEMP VIEW a AS SELECT * FROM read_csv('dbt/integration_tests/seeds/data_compare_relations__a_relation.csv');
CREATE TEMP VIEW b AS SELECT * FROM read_csv('dbt/integration_tests/seeds/data_compare_relations__b_relation.csv');

-- check: compare_row_counts by hand (the row count of each relation)
(SELECT relation_name, CAST(total_records AS BIGINT) FROM main.compare_row_counts
 EXCEPT ALL (SELECT 'a', count(*) FROM a UNION ALL SELECT 'b', count(*) FROM b))
UNION ALL ((SELECT 'a', count(*) FROM a UNION ALL SELECT 'b', count(*) FROM b)
 EXCEPT ALL SELECT relation_name, CAST(total_records AS BIGINT) FROM main.compare_row_counts);

-- check: compare_relations by hand (rows matched on every column: in both,
-- only in a, only in b; each class's count and its share of all the
-- classes' rows, in percent to 2 places)
CREATE TEMP VIEW want_cmp AS
WITH j AS (SELECT x.col_a IS NOT NULL AS in_a, y.col_a IS NOT NULL AS in_b
           FROM (SELECT DISTINCT * FROM a) x FULL JOIN (SELECT DISTINCT * FROM b) y ON x.col_a = y.col_a AND x.col_b = y.col_b)
SELECT in_a, in_b, count(*) AS n, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct FROM j GROUP BY ALL;
(SELECT in_a, in_b, CAST(count AS BIGINT), round(CAST(percent_of_total AS DOUBLE), 2) FROM main.compare_relations_without_exclude
 EXCEPT ALL SELECT * FROM want_cmp)
UNION ALL (SELECT * FROM want_cmp EXCEPT ALL
 SELECT in_a, in_b, CAST(count AS BIGINT), round(CAST(percent_of_total AS DOUBLE), 2) FROM main.compare_relations_without_exclude);

-- check: compare_queries equals the published expected_results__compare_relations_without_exclude.csv
(SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_queries EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relations_without_exclude.csv'))
UNION ALL (SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relations_without_exclude.csv') EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_queries);

-- check: compare_queries_concat_pk_without_summary equals the published expected_results__compare_without_summary.csv
(SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_queries_concat_pk_without_summary EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv'))
UNION ALL (SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv') EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_queries_concat_pk_without_summary);

-- check: compare_queries_with_summary equals the published expected_results__compare_with_summary.csv
(SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_queries_with_summary EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_with_summary.csv'))
UNION ALL (SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_with_summary.csv') EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_queries_with_summary);

-- check: compare_queries_without_summary equals the published expected_results__compare_without_summary.csv
(SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_queries_without_summary EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv'))
UNION ALL (SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv') EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_queries_without_summary);

-- check: compare_relations_with_summary equals the published expected_results__compare_with_summary.csv
(SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_relations_with_summary EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_with_summary.csv'))
UNION ALL (SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_with_summary.csv') EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_relations_with_summary);

-- check: compare_relations_without_summary equals the published expected_results__compare_without_summary.csv
(SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_relations_without_summary EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv'))
UNION ALL (SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv') EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_relations_without_summary);

-- check: compare_relations_with_exclude equals the published expected_results__compare_relations_with_exclude.csv
(SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_relations_with_exclude EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relations_with_exclude.csv'))
UNION ALL (SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relations_with_exclude.csv') EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_relations_with_exclude);

-- check: compare_relations_without_exclude equals the published expected_results__compare_relations_without_exclude.csv
(SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_relations_without_exclude EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relations_without_exclude.csv'))
UNION ALL (SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relations_without_exclude.csv') EXCEPT ALL SELECT norm("in_a"), norm("in_b"), norm("count"), norm("percent_of_total") FROM main.compare_relations_without_exclude);

-- check: compare_all_columns_with_summary equals the published expected_results__compare_all_columns_with_summary.csv
(SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_with_summary EXCEPT ALL SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_with_summary.csv'))
UNION ALL (SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_with_summary.csv') EXCEPT ALL SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_with_summary);

-- check: compare_all_columns_without_summary equals the published expected_results__compare_all_columns_without_summary.csv
(SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_without_summary EXCEPT ALL SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_without_summary.csv'))
UNION ALL (SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_without_summary.csv') EXCEPT ALL SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_without_summary);

-- check: compare_all_columns_concat_pk_with_summary equals the published expected_results__compare_all_columns_concat_pk_with_summary.csv
(SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_concat_pk_with_summary EXCEPT ALL SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_concat_pk_with_summary.csv'))
UNION ALL (SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_concat_pk_with_summary.csv') EXCEPT ALL SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_concat_pk_with_summary);

-- check: compare_all_columns_concat_pk_without_summary equals the published expected_results__compare_all_columns_concat_pk_without_summary.csv
(SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_concat_pk_without_summary EXCEPT ALL SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_concat_pk_without_summary.csv'))
UNION ALL (SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_concat_pk_without_summary.csv') EXCEPT ALL SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_concat_pk_without_summary);

-- check: compare_all_columns_with_summary_and_exclude equals the published expected_results__compare_all_columns_with_summary_and_exclude.csv
(SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_with_summary_and_exclude EXCEPT ALL SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_with_summary_and_exclude.csv'))
UNION ALL (SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_with_summary_and_exclude.csv') EXCEPT ALL SELECT norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_with_summary_and_exclude);

-- check: compare_all_columns_where_clause equals the published expected_results__compare_all_columns_where_clause.csv
(SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_where_clause EXCEPT ALL SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_where_clause.csv'))
UNION ALL (SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_all_columns_where_clause.csv') EXCEPT ALL SELECT norm("primary_key"), norm("column_name"), norm("perfect_match"), norm("null_in_a"), norm("null_in_b"), norm("missing_from_a"), norm("missing_from_b"), norm("conflicting_values") FROM main.compare_all_columns_where_clause);

-- check: compare_relation_columns equals the published expected_results__compare_relation_columns.csv
(SELECT norm("COLUMN_NAME"), norm("A_ORDINAL_POSITION"), norm("B_ORDINAL_POSITION"), norm("HAS_ORDINAL_POSITION_MATCH"), norm("HAS_DATA_TYPE_MATCH") FROM main.compare_relation_columns EXCEPT ALL SELECT norm("COLUMN_NAME"), norm("A_ORDINAL_POSITION"), norm("B_ORDINAL_POSITION"), norm("HAS_ORDINAL_POSITION_MATCH"), norm("HAS_DATA_TYPE_MATCH") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relation_columns.csv'))
UNION ALL (SELECT norm("COLUMN_NAME"), norm("A_ORDINAL_POSITION"), norm("B_ORDINAL_POSITION"), norm("HAS_ORDINAL_POSITION_MATCH"), norm("HAS_DATA_TYPE_MATCH") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_relation_columns.csv') EXCEPT ALL SELECT norm("COLUMN_NAME"), norm("A_ORDINAL_POSITION"), norm("B_ORDINAL_POSITION"), norm("HAS_ORDINAL_POSITION_MATCH"), norm("HAS_DATA_TYPE_MATCH") FROM main.compare_relation_columns);

-- check: compare_relations_concat_pk_without_summary equals the published expected_results__compare_without_summary.csv
(SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_relations_concat_pk_without_summary EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv'))
UNION ALL (SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_without_summary.csv') EXCEPT ALL SELECT norm("col_a"), norm("col_b"), norm("in_a"), norm("in_b") FROM main.compare_relations_concat_pk_without_summary);

-- check: compare_which_columns_differ equals the published expected_results__compare_which_columns_differ.csv
(SELECT norm("column_name"), norm("has_difference") FROM main.compare_which_columns_differ EXCEPT ALL SELECT norm("column_name"), norm("has_difference") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_which_columns_differ.csv'))
UNION ALL (SELECT norm("column_name"), norm("has_difference") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_which_columns_differ.csv') EXCEPT ALL SELECT norm("column_name"), norm("has_difference") FROM main.compare_which_columns_differ);

-- check: compare_which_columns_differ_exclude_cols equals the published expected_results__compare_which_columns_differ_exclude_cols.csv
(SELECT norm("column_name"), norm("has_difference") FROM main.compare_which_columns_differ_exclude_cols EXCEPT ALL SELECT norm("column_name"), norm("has_difference") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_which_columns_differ_exclude_cols.csv'))
UNION ALL (SELECT norm("column_name"), norm("has_difference") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_which_columns_differ_exclude_cols.csv') EXCEPT ALL SELECT norm("column_name"), norm("has_difference") FROM main.compare_which_columns_differ_exclude_cols);

-- check: compare_row_counts equals the published expected_results__compare_row_counts.csv
(SELECT norm("relation_name"), norm("total_records") FROM main.compare_row_counts EXCEPT ALL SELECT norm("relation_name"), norm("total_records") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_row_counts.csv'))
UNION ALL (SELECT norm("relation_name"), norm("total_records") FROM read_csv('dbt/integration_tests/seeds/expected_results__compare_row_counts.csv') EXCEPT ALL SELECT norm("relation_name"), norm("total_records") FROM main.compare_row_counts);
