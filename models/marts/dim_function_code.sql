-- dim_function_code: the function classification (支出功能分类) hierarchy 类 → 款 → 项: every
-- code of the seeds and every code a fact uses (with its parents), standard names from the seeds,
-- the names the documents print kept beside them.
with standard as (
    select cast(function_code as varchar) as function_code, function_name, function_level
    from {{ ref('ref_function_class') }}
    union all
    select cast(function_code as varchar), function_name, function_level
    from {{ ref('ref_function_code') }}
),

printed as (
    select function_code, printed_name, count(*) as n
    from {{ ref('fact_budget_line') }}
    group by all
),

printed_names as (
    select
        function_code,
        -- in name order, so that a rebuild gives the same text
        string_agg(distinct regexp_replace(printed_name, '^[一二三四五六七八九十]+、', ''), ' / '
            order by regexp_replace(printed_name, '^[一二三四五六七八九十]+、', '')) as printed_names,
        arg_max(regexp_replace(printed_name, '^[一二三四五六七八九十]+、', ''), n)
            as most_printed_name
    from printed
    group by function_code
),

all_codes as (
    select function_code from standard
    union
    select function_code from printed
    union
    select left(function_code, 3) from printed
    union
    select left(function_code, 5) from printed where length(function_code) >= 5
),

named as (
    select
        c.function_code,
        coalesce(s.function_name, p.most_printed_name) as function_name,
        case when s.function_code is not null then 'seed' else 'printed' end as name_source,
        p.printed_names
    from all_codes as c
    left join standard as s using (function_code)
    left join printed_names as p using (function_code)
)

select
    n.function_code,
    n.function_name,
    {{ function_level('n.function_code') }} as function_level,
    {{ code_label('function_level', function_level('n.function_code')) }}
        as function_level_zh,
    case length(n.function_code)
        when 5 then left(n.function_code, 3)
        when 7 then left(n.function_code, 5)
    end as parent_code,
    left(n.function_code, 3) as class_code,
    k.function_name as class_name,
    k_en.name_en as class_name_en,
    case when length(n.function_code) >= 5 then left(n.function_code, 5) end as section_code,
    s.function_name as section_name,
    n.name_source,
    n.printed_names,
    n.printed_names is not null as used_by_facts,
    n.printed_names is null
        or list_contains(string_split(n.printed_names, ' / '), n.function_name)
        as printed_name_matches
from named as n
left join named as k on k.function_code = left(n.function_code, 3)
left join {{ ref('ref_function_class') }} as k_en
    on cast(k_en.function_code as varchar) = left(n.function_code, 3)
left join named as s
    on length(n.function_code) >= 5 and s.function_code = left(n.function_code, 5)
