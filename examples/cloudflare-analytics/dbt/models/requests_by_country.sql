-- Requests, bytes and cache hit ratio per country and hour.
select
    request_hour,
    country,
    sum(requests) as requests,
    sum(bytes) as bytes,
    sum(cache_hits) * 1.0 / sum(requests) as cache_hit_ratio
from {{ ref('http_requests') }}
group by request_hour, country
