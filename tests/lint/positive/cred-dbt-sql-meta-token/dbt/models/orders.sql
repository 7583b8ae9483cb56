{{
  config(
    materialized='table',
    meta={'owner': 'ana', 'token': 'glpat-Xy7Zq2Lm9Np4Rs8Tv3Wb'}
  )
}}
select 1 as id
