-- revenue per customer
{{
    config(
        materialized="table",
        location_root="gs://acme-marts/revenue"
    )
}}
select 1 as id
