select * from {{ source('erp', 'orders') }}
