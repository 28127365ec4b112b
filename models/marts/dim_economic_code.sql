-- dim_economic_code: 部门预算支出经济分类 (301 … 399 and their 5-digit children as the final
-- account's 公开06表 lists them), with the cost group (人员经费 / 公用经费) they are reported under.
select
    e.economic_code,
    e.economic_name,
    e.economic_level,
    {{ code_label('economic_level', 'e.economic_level') }} as economic_level_zh,
    nullif(e.parent_code, '') as parent_code,
    e.class_code,
    c.economic_name as class_name,
    c.name_en as class_name_en,
    e.cost_group,
    e.preferred_for_name
from {{ ref('ref_economic_code') }} as e
left join {{ ref('ref_economic_code') }} as c on c.economic_code = e.class_code
