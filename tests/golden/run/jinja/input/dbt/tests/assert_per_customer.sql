select * from {{ ref('per_customer') }} where not (ann = 15 and bob = 20)
