select count(*) from (
select * from "floe_default"."main"."wide"
where not (n_customers = 2 and ann_amount = 15 and bob_amount = 20 and total = 35
           and label = 'shop:x' and ab = 'ab' and s = '1' and days = 60)
) dbt_internal_test