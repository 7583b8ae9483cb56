
select customer, sum(amount) as total from "floe_default"."main"."orders" group by customer