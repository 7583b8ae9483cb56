select count(*) from (
select * from "floe_default"."main"."per_customer" where not (ann = 15 and bob = 20)
) dbt_internal_test