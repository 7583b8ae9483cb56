-- The oracle for dbt-date's integration_tests project.  The models are
-- generated from dates alone (no seed): each check derives them by hand
-- with DuckDB's own calendar functions (not dbt_date's SQL) and compares
-- both ways (EXCEPT ALL: order-independent, duplicates counted).  The
-- project's generate_schema_name override puts every model in the schema
-- it names, dbt_date_integration_tests (not main_<custom>).  test_dates
-- holds the published expected values; its own expression_is_true tests
-- compare dbt_date's macros with them, so it is not repeated here.
-- The working directory is a copy of the project after `floe run`.
ATTACH 'warehouse/lake.duckdb' AS "default" (READ_ONLY);
USE "default";

-- check: dates: one row a day from 2015-01-01 up to 2022-12-31, end excluded
-- (get_date_dimension's date_spine); days of the week Sunday 1 to Saturday
-- 7, ISO Monday 1 to Sunday 7; weeks start on Sunday, ISO weeks on Monday
CREATE TEMP VIEW want_dates AS
SELECT d AS date_day, d - 1 AS prior_date_day, d + 1 AS next_date_day,
       CAST(d - INTERVAL 1 YEAR AS DATE) AS prior_year_date_day,
       dayofweek(d) + 1 AS day_of_week, isodow(d) AS day_of_week_iso,
       strftime(d, '%A') AS day_of_week_name, strftime(d, '%a') AS day_of_week_name_short,
       day(d) AS day_of_month, dayofyear(d) AS day_of_year,
       d - CAST(dayofweek(d) AS INTEGER) AS week_start_date, d - CAST(dayofweek(d) AS INTEGER) + 6 AS week_end_date,
       d - CAST(isodow(d) - 1 AS INTEGER) AS iso_week_start_date, d - CAST(isodow(d) - 1 AS INTEGER) + 6 AS iso_week_end_date,
       weekofyear(d) AS iso_week_of_year,
       month(d) AS month_of_year, strftime(d, '%B') AS month_name, strftime(d, '%b') AS month_name_short,
       make_date(year(d), month(d), 1) AS month_start_date, last_day(d) AS month_end_date,
       quarter(d) AS quarter_of_year, make_date(year(d), 3 * quarter(d) - 2, 1) AS quarter_start_date,
       last_day(make_date(year(d), 3 * quarter(d), 1)) AS quarter_end_date,
       year(d) AS year_number, make_date(year(d), 1, 1) AS year_start_date, make_date(year(d), 12, 31) AS year_end_date
FROM (SELECT CAST(range AS DATE) AS d FROM range(DATE '2015-01-01', DATE '2022-12-31', INTERVAL 1 DAY));
CREATE TEMP VIEW got_dates AS
SELECT date_day, prior_date_day, next_date_day, prior_year_date_day, day_of_week, day_of_week_iso,
       day_of_week_name, day_of_week_name_short, day_of_month, day_of_year, week_start_date, week_end_date,
       iso_week_start_date, iso_week_end_date, iso_week_of_year, month_of_year, month_name, month_name_short,
       month_start_date, month_end_date, quarter_of_year, quarter_start_date, quarter_end_date,
       year_number, year_start_date, year_end_date
FROM dbt_date_integration_tests.dates;
(SELECT * FROM got_dates EXCEPT ALL SELECT * FROM want_dates)
UNION ALL (SELECT * FROM want_dates EXCEPT ALL SELECT * FROM got_dates);

-- check: dim_date is dates, each day once, with the fiscal columns of
-- dim_date_fiscal's shifted twin (same days)
SELECT 'dim_date', (SELECT count(*) FROM dbt_date_integration_tests.dim_date), (SELECT count(DISTINCT date_day) FROM dbt_date_integration_tests.dim_date)
EXCEPT ALL SELECT 'dim_date', count(*), count(*) FROM want_dates;
(SELECT date_day, day_of_week, month_name, year_number FROM dbt_date_integration_tests.dim_date
 EXCEPT ALL SELECT date_day, day_of_week, month_name, year_number FROM want_dates);

-- check: dim_date_fiscal (fiscal year ending in January, weeks starting on
-- Sunday, week_start_day 1): a day's week is the Sunday-to-Saturday week
-- around it, its fiscal week within 1..53, period within 1..12, quarter
-- 1..4 and (period + 2) / 3, and no day twice or outside dates
SELECT * FROM dbt_date_integration_tests.dim_date_fiscal
WHERE fiscal_week_of_year NOT BETWEEN 1 AND 53 OR fiscal_period_number NOT BETWEEN 1 AND 12
   OR fiscal_quarter_number NOT BETWEEN 1 AND 4 OR fiscal_quarter_number <> (fiscal_period_number + 2) // 3
   OR week_start_date <> date_day - CAST(dayofweek(date_day) AS INTEGER) OR week_end_date <> week_start_date + 6;
SELECT date_day FROM dbt_date_integration_tests.dim_date_fiscal EXCEPT SELECT date_day FROM want_dates;
SELECT 'twice', date_day FROM dbt_date_integration_tests.dim_date_fiscal GROUP BY date_day HAVING count(*) > 1;

-- check: dim_week and dim_hour count back from the run's day (today) to
-- tomorrow, end excluded: 52 weeks back and this one, 53 rows 7 days apart;
-- 24 * 28 hours back from today's midnight and today's 24, 696 rows
SELECT 'dim_week', count(*), count(DISTINCT date_week), date_diff('day', min(date_week), max(date_week)) FROM dbt_date_integration_tests.dim_week
EXCEPT ALL SELECT 'dim_week', 53, 53, 52 * 7;
SELECT 'dim_hour', count(*), count(DISTINCT date_hour), date_diff('hour', min(date_hour), max(date_hour)) FROM dbt_date_integration_tests.dim_hour
EXCEPT ALL SELECT 'dim_hour', 696, 696, 695;
