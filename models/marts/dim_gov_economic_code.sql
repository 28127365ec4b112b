-- dim_gov_economic_code: 政府预算支出经济分类 (government budget economic classification), the
-- names budget table 6 prints beside the department economic classification.
select
    gov_economic_code,
    gov_economic_name,
    gov_economic_level,
    nullif(parent_code, '') as parent_code,
    name_en
from {{ ref('ref_gov_economic_code') }}
