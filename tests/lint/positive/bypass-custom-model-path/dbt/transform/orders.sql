{{ config(location='s3a://acme/orders') }}
select 1 as id
