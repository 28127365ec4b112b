-- dim_region: administrative regions (行政区划) of the units' places.
select
    region_code,
    region_name,
    region_level,
    case region_level when 'province' then '省级' when 'city' then '市级'
                      when 'county' then '县级' end as level_zh,
    nullif(parent_code, '') as parent_code,
    name_en
from {{ ref('ref_admin_region') }}
