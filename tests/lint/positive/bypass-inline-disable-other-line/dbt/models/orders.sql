-- floe-lint: disable=catalog-bypass
{{ config(location='s3://a/b') }}
{{ config(location='s3://c/d') }}
select 1 as id
