{% snapshot orders_snapshot %}
{{ config(unique_key='id', strategy='check', check_cols='all', location='s3://acme/snap/') }}
select 1 as id
{% endsnapshot %}
