-- dim_region: administrative regions (行政区划) of the units' places.
select
    region_code,
    region_name,
    region_level,
    {{ code_label('region_level', 'region_level') }} as level_zh,
    nullif(parent_code, '') as parent_code,
    name_en
from {{ ref('ref_admin_region') }}
