{#- Lookups of the meaning seeds: each rule table is read by the first rule (rule_order) whose
    patterns match, computed once per distinct key and joined back to the cells. -#}

{#- Per distinct (table_kind, column_path_norm) of `cells` (a relation or CTE name): the fund
    source, amount basis and total flag of the first rule of seed map_column_fund_source whose
    table-kind and column patterns match (an empty column pattern matches every column). -#}
{% macro column_fund_sources(cells) -%}
    select distinct on (p.table_kind, p.column_path_norm)
        p.table_kind, p.column_path_norm, r.fund_source_code, r.amount_basis, r.is_total_column
    from (select distinct table_kind, column_path_norm from {{ cells }}
          where column_path_norm is not null) as p
    join {{ ref('map_column_fund_source') }} as r
        on regexp_matches(p.table_kind, r.table_kind_pattern)
       and regexp_matches(p.column_path_norm, coalesce(r.column_pattern, ''))
    order by p.table_kind, p.column_path_norm, r.rule_order
{%- endmacro %}

{#- The first rule's `result` column of seed `rules` whose `pattern_column` matches `expr`,
    else null (a scalar subquery: apply it to distinct values). -#}
{% macro first_match(rules, pattern_column, result, expr) -%}
    (select r.{{ result }} from {{ ref(rules) }} as r
     where regexp_matches({{ expr }}, r.{{ pattern_column }})
     order by r.rule_order limit 1)
{%- endmacro %}

{#- A value cell's column and the measure int_column_measures maps it to (alias `m`, left
    joined on table kind and normalised path), then its value. -#}
{% macro cell_measure(cell, measure) -%}
    {{ cell }}.column_path,
    {{ cell }}.column_path_norm,
    {{ measure }}.table_kind is not null as is_mapped,
    {{ measure }}.flow,
    {{ measure }}.fund_source_code,
    {{ measure }}.expenditure_type,
    coalesce({{ measure }}.is_total_column, false) as is_total_column,
    {{ cell }}.value_status,
    {{ cell }}.amount
{%- endmacro %}

{#- The 三公 item (seed map_three_public_item) a label names, under its column group where
    given: the first rule whose label pattern (and group pattern) matches. -#}
{% macro three_public_item(label, group='null') -%}
    (select r.item_code from {{ ref('map_three_public_item') }} as r
     where regexp_matches({{ label }}, r.label_pattern)
       and (r.group_pattern is null or regexp_matches({{ group }}, r.group_pattern))
     order by r.rule_order limit 1)
{%- endmacro %}

{#- The 三公 items that are parts of `item` (seed ref_three_public_item), as a subquery. -#}
{% macro three_public_parts(item) -%}
    (select item_code from {{ ref('ref_three_public_item') }} where part_of = '{{ item }}')
{%- endmacro %}

{#- The cost group (personnel / public / total) a column's header names for its table kind
    (seed map_cost_group: the word at the kind's segment of the path), else null. -#}
{% macro column_cost_group(path, table_kind) -%}
    (select g.cost_group from {{ ref('map_cost_group') }} as g
     where g.source = 'column' and g.table_kind = {{ table_kind }}
       and g.word = split_part({{ path }}, '/', g.segment))
{%- endmacro %}

{#- The row labels that total a cost group (人员经费合计, 公用经费合计), as a subquery. -#}
{% macro cost_group_total_labels() -%}
    select word from {{ ref('map_cost_group') }} where source = 'row_label'
{%- endmacro %}

{#- The columns int_economic_lines keeps of a value cell: its place, its column and its row as
    printed (printed_name) and normalised. -#}
{% macro economic_cell_columns(alias) -%}
    {{ cell_context(alias) }},
    {{ alias }}.column_path,
    {{ alias }}.column_path_norm,
    {{ alias }}.is_total_row,
    {{ alias }}.row_label as printed_name,
    {{ alias }}.row_label_norm
{%- endmacro %}

{#- The Chinese label of a code of `domain` (seed ref_code_label: phase, scope, region_level,
    function_level, economic_level), else null (a scalar subquery). -#}
{% macro code_label(domain, expr) -%}
    (select l.label_zh from {{ ref('ref_code_label') }} as l
     where l.domain = '{{ domain }}' and l.code = {{ expr }})
{%- endmacro %}

{#- The labels of a named set of seed ref_label_set (which row labels or column leaves a check
    reads as a total, a part, a subtotal), as a subquery for `in`. -#}
{% macro label_set(name) -%}
    (select s.label from {{ ref('ref_label_set') }} as s where s.set_name = '{{ name }}')
{%- endmacro %}

{#- The 收支总表 side (收入 | 支出) of a flow (income | expenditure), from seed map_summary_side
    (a scalar subquery). -#}
{% macro summary_side(flow) -%}
    (select d.side from {{ ref('map_summary_side') }} as d where d.flow = '{{ flow }}')
{%- endmacro %}
