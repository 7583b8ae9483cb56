select id, customer, amount from {{ ref('cols') }} where id is null
