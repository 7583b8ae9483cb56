-- Thickness lost per glacier between its first and last reading.
select
    glacier,
    min(latitude) as latitude,
    min(longitude) as longitude,
    min(measured_on) as first_measured_on,
    max(measured_on) as last_measured_on,
    max(thickness_m) - min(thickness_m) as thickness_lost_m
from {{ ref('stg_glacier_readings') }}
group by glacier
