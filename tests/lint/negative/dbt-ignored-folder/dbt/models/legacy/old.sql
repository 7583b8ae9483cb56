{{ config(location='s3://old-bucket/x') }}
select 1 as id
