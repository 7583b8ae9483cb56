-- One row per station and day.
select
    s.station_id,
    s.name as station,
    cast(o.observed_at as date) as day,
    min(o.temperature_c) as min_temperature_c,
    max(o.temperature_c) as max_temperature_c,
    sum(o.rain_mm) as rain_mm
from {{ ref('observations') }} as o
join {{ ref('stations') }} as s
    on s.station_id = o.station_id
group by s.station_id, s.name, cast(o.observed_at as date)
