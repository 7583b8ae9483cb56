-- Typed readings.
select
    glacier,
    cast(latitude as double) as latitude,
    cast(longitude as double) as longitude,
    cast(measured_on as date) as measured_on,
    cast(thickness_m as double) as thickness_m
from {{ ref('glacier_readings') }}
