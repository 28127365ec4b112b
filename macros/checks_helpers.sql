{#- Helpers of the reconciliation models in models/checks (schema `checks`). -#}

{#-
    The standard columns of every reconciliation model, from a CTE named `comparisons` with
    document_id, table_index, row_code, row_label, column_name, expected, actual, n_terms,
    source_line, detail. The tolerance is 0.01 万元 per summed term (n_terms, at least 1);
    excess = |actual - expected| - tolerance, so a comparison passes when excess <= 0. With
    `at_most` the comparison is a bound (actual <= expected): excess = actual - expected -
    tolerance, so an actual below the expected passes.
-#}
{% macro checks_comparison_select(rule_id, at_most=false) -%}
select
    '{{ rule_id }}' as rule_id,
    c.document_id,
    d.file_name,
    c.table_index,
    t.table_kind,
    t.title as table_title,
    c.row_code,
    c.row_label,
    c.column_name,
    cast(c.expected as decimal(20, 2)) as expected,
    cast(c.actual as decimal(20, 2)) as actual,
    cast(coalesce(c.actual, 0) - coalesce(c.expected, 0) as decimal(20, 2)) as difference,
    greatest(coalesce(c.n_terms, 1), 1) as n_terms,
    cast(0.01 * greatest(coalesce(c.n_terms, 1), 1) as decimal(20, 2)) as tolerance,
    {%- set gap = 'coalesce(c.actual, 0) - coalesce(c.expected, 0)' %}
    cast({{ '(' ~ gap ~ ')' if at_most else 'abs(' ~ gap ~ ')' }}
        - 0.01 * greatest(coalesce(c.n_terms, 1), 1) as double) as excess,
    cast(c.source_line as integer) as source_line,
    c.detail
from comparisons as c
join {{ ref('stg_documents') }} as d on d.document_id = c.document_id
left join {{ ref('stg_tables') }} as t
    on t.document_id = c.document_id and t.table_index = c.table_index
{%- endmacro %}

{#-
    A sum identity: printed total = Σ printed parts. Expects the model to have opened a WITH
    list ending in two CTEs:
      totals  document_id, table_index, key, row_code, row_label, column_name, actual (NULL when
              the total cell is empty), source_line
      parts   document_id, table_index, key, column_name, term, printed_text, amount,
              source_line, row_index, col_index
    Emits one comparison per total that has a value or has parts with values.
-#}
{% macro checks_sum_identity(rule_id) -%}
, agg as (
    select
        document_id, table_index, key, column_name,
        sum(amount) as s,
        count(*) as n,
        string_agg(term || ' ' || printed_text || ' (line ' || source_line || ')', ' + '
            order by source_line, row_index, col_index) as d
    from parts
    group by all
),
comparisons as (
    select
        t.document_id, t.table_index, t.row_code, t.row_label, t.column_name,
        coalesce(a.s, 0) as expected,
        coalesce(t.actual, 0) as actual,
        coalesce(a.n, 0) as n_terms,
        t.source_line,
        'Σ ' || coalesce(a.d, 'no printed part') as detail
    from totals as t
    left join agg as a
        on a.document_id = t.document_id and a.table_index = t.table_index
       and a.key = t.key and a.column_name = t.column_name
    where t.actual is not null or a.s is not null
)
{{ checks_comparison_select(rule_id) }}
{%- endmacro %}

{#-
    Row identity across columns: in each row, the total column (leaf in total_leaves) = Σ the
    part columns of the same column group (leaf in part_leaves; all other leaves when
    part_leaves is none).
-#}
{% macro checks_row_columns(rule_id, kinds, total_set, part_set=none) -%}
with vals as (
    select * from {{ ref('chk_values') }}
    where table_kind in ('{{ kinds | join("', '") }}')
),
total_cols as (
    select document_id, table_index, col_parent, min(col) as col
    from vals where col_leaf in {{ label_set(total_set) }}
    group by all
),
part_vals as (
    select v.*
    from vals as v
    join total_cols as t
        on t.document_id = v.document_id and t.table_index = v.table_index
       and t.col_parent = v.col_parent
    where v.col_leaf not in {{ label_set(total_set) }}
    {%- if part_set is not none %}
      and v.col_leaf in {{ label_set(part_set) }}
    {%- endif %}
),
row_keys as (
    select document_id, table_index, row_index, col_parent,
        min(row_code) as row_code, min(row_label) as row_label, min(source_line) as line
    from (
        select document_id, table_index, row_index, col_parent, row_code, row_label, source_line
        from part_vals
        union all
        select v.document_id, v.table_index, v.row_index, v.col_parent, v.row_code,
            v.row_label, v.source_line
        from vals as v
        join total_cols as t
            on t.document_id = v.document_id and t.table_index = v.table_index
           and t.col = v.col
    )
    group by all
),
totals as (
    select
        k.document_id, k.table_index, k.row_index || '|' || k.col_parent as key,
        k.row_code, k.row_label, t.col as column_name,
        (select v.amount from vals v where v.document_id = k.document_id
            and v.table_index = k.table_index and v.row_index = k.row_index
            and v.col = t.col) as actual,
        k.line as source_line
    from row_keys as k
    join total_cols as t
        on t.document_id = k.document_id and t.table_index = k.table_index
       and t.col_parent = k.col_parent
),
parts as (
    select document_id, table_index, row_index || '|' || col_parent as key,
        (select t.col from total_cols t where t.document_id = p.document_id
            and t.table_index = p.table_index and t.col_parent = p.col_parent) as column_name,
        col as term, printed_text, amount, source_line, row_index, col_index
    from part_vals as p
)
{{ checks_sum_identity(rule_id) }}
{%- endmacro %}

{#-
    Code hierarchy: a parent code row (parent_len digits) = Σ its child code rows (the codes
    two digits longer that start with it), per column; only parents with printed children.
    by_column=false matches codes over the whole table (side-by-side column groups).
-#}
{% macro checks_code_hierarchy(rule_id, kinds, code_kind, parent_len, by_column=true) -%}
with codes as (
    select document_id, table_index, row_code, min(row_index) as row_index,
        min(source_line) as line, min(row_label) as row_label
    from {{ ref('chk_labels') }}
    where table_kind in ('{{ kinds | join("', '") }}')
      and code_kind = '{{ code_kind }}' and row_code is not null
    group by all
),
vals as (
    select *, {{ 'col' if by_column else "col_leaf" }} as column_key
    from {{ ref('chk_values') }}
    where table_kind in ('{{ kinds | join("', '") }}')
      and code_kind = '{{ code_kind }}' and row_code is not null
),
-- (a code two digits longer "starts with" a parent code exactly when its first parent_len
-- characters are that code: the joins below are equi-joins on that prefix)
parents as (
    select p.*
    from codes as p
    where length(p.row_code) = {{ parent_len }}
      and exists (select 1 from codes c where c.document_id = p.document_id
          and c.table_index = p.table_index and length(c.row_code) = {{ parent_len + 2 }}
          and left(c.row_code, {{ parent_len }}) = p.row_code)
),
family_cols as (
    select distinct p.document_id, p.table_index, p.row_code, v.column_key
    from parents as p
    join vals as v
        on v.document_id = p.document_id and v.table_index = p.table_index
       and left(v.row_code, {{ parent_len }}) = p.row_code
       and length(v.row_code) in ({{ parent_len }}, {{ parent_len + 2 }})
),
parent_cells as (
    -- per parent row and column: the sum of its amounts and the first line printing one
    select v.document_id, v.table_index, v.row_code, v.column_key, sum(v.amount) as actual,
        min(v.source_line) as line
    from vals as v
    semi join parents as p
        on p.document_id = v.document_id and p.table_index = v.table_index
       and p.row_code = v.row_code
    group by all
),
totals as (
    select
        p.document_id, p.table_index, p.row_code as key, p.row_code, p.row_label,
        f.column_key as column_name, c.actual, coalesce(c.line, p.line) as source_line
    from parents as p
    join family_cols as f
        on f.document_id = p.document_id and f.table_index = p.table_index
       and f.row_code = p.row_code
    left join parent_cells as c
        on c.document_id = p.document_id and c.table_index = p.table_index
       and c.row_code = p.row_code and c.column_key = f.column_key
),
parts as (
    select p.document_id, p.table_index, p.row_code as key, v.column_key as column_name,
        v.row_code || ' ' || v.row_label as term, v.printed_text, v.amount, v.source_line,
        v.row_index, v.col_index
    from parents as p
    join vals as v
        on v.document_id = p.document_id and v.table_index = p.table_index
       and length(v.row_code) = {{ parent_len + 2 }}
       and left(v.row_code, {{ parent_len }}) = p.row_code
)
{{ checks_sum_identity(rule_id) }}
{%- endmacro %}

{#-
    A cross-table (or cross-row) equality. Expects CTEs `expected_side` and `actual_side`, each
    with document_id, table_index, key, row_code, row_label, column_name, amount, printed_text,
    source_line; joined on document_id and key (full outer join: a value on one side only is
    compared with zero). Tolerance 0.01 (one term), or 0.01 × n_terms when the sides carry one.
-#}
{% macro checks_pair(rule_id, expected_name) -%}
, comparisons as (
    select
        coalesce(a.document_id, e.document_id) as document_id,
        coalesce(a.table_index, e.table_index) as table_index,
        coalesce(a.row_code, e.row_code) as row_code,
        coalesce(a.row_label, e.row_label) as row_label,
        coalesce(a.column_name, e.column_name) as column_name,
        coalesce(e.amount, 0) as expected,
        coalesce(a.amount, 0) as actual,
        1 as n_terms,
        coalesce(a.source_line, e.source_line) as source_line,
        '{{ expected_name }}: ' || coalesce(e.printed_text || ' (table ' || e.table_title
            || ', line ' || e.source_line || ')', 'not printed')
            || coalesce('; printed here: ' || a.printed_text, '; not printed here') as detail
    from actual_side as a
    full outer join expected_side as e
        on e.document_id = a.document_id and e.key = a.key
    where coalesce(a.amount, 0) <> 0 or coalesce(e.amount, 0) <> 0
       or a.amount is not null and e.amount is not null
)
{{ checks_comparison_select(rule_id) }}
{%- endmacro %}

{#- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): the side's year total (本年收入合计,
    当年支出小计: row role year_total) = Σ the numbered rows above it on that side, per column of
    the side. A side that prints no year total and no carry-over line (Shanghai's 部门财务收支预算总表:
    收入总计 right under the sources) totals its lines in its grand total. A total printed once
    across parallel breakdowns of the same measure (Jiangsu's 当年支出小计 spans 功能分类/金额 and
    支出用途/金额) is the total of each of them. -#}
{% macro checks_summary_side_total(side, check_id) %}
with lab as (
    select * from {{ ref('chk_labels') }}
    where table_kind in ({{ summary_kinds() }})
      and side = '{{ side }}' and cell_role = 'label' and row_role is not null
),
total_row as (
    select document_id, table_index, min(row_index) as row_index, min(source_line) as line,
        arg_min(row_label, row_index) as row_label
    from lab as l
    where row_role = 'year_total'
       or (row_role = 'grand_total' and not exists (
            select 1 from lab as o
            where o.document_id = l.document_id and o.table_index = l.table_index
              and o.row_role <> 'grand_total'))
    group by all
),
vals as (
    select v.*, r.row_index as total_row
    from {{ ref('chk_values') }} as v
    join total_row as r using (document_id, table_index)
    where v.side = '{{ side }}'
),
printed_totals as (
    select document_id, table_index, col, col_leaf, amount
    from vals where row_index = total_row
),
-- the one total the row prints on the side, where it prints exactly one
spanning as (
    select document_id, table_index, any_value(col_leaf) as col_leaf,
        any_value(amount) as amount
    from printed_totals
    group by all
    having count(*) = 1
),
totals as (
    select
        r.document_id, r.table_index, 'total' as key, null as row_code,
        r.row_label, c.col as column_name,
        coalesce(
            (select t.amount from printed_totals t where t.document_id = r.document_id
                and t.table_index = r.table_index and t.col = c.col),
            (select s.amount from spanning s where s.document_id = r.document_id
                and s.table_index = r.table_index and s.col_leaf = c.col_leaf)) as actual,
        r.line as source_line
    from total_row as r
    join (select distinct document_id, table_index, col, col_leaf from vals) as c
        on c.document_id = r.document_id and c.table_index = r.table_index
),
parts as (
    select document_id, table_index, 'total' as key, col as column_name, row_label as term,
        printed_text, amount, source_line, row_index, col_index
    from vals
    where row_index < total_row and label_is_ordinal
)
{{ checks_sum_identity(check_id) }}
{% endmacro %}

{#- The rows of the budget's 预算公开表6 (部门预算支出经济分类 named without codes): per row its
    label as printed (lbl) and normalised (label), whether it names a 政府预算支出经济分类 item
    beside it (has_gov_name: a second label column) and its line. -#}
{% macro economic_budget_rows() -%}
    select document_id, table_index, row_index,
        min(row_label) filter (where col_index = 0) as lbl,
        min(label) filter (where col_index = 0) as label,
        bool_or(is_total_row) filter (where col_index = 0) as is_total,
        count(*) filter (where col_index = 1) as has_gov_name,
        min(source_line) as line
    from {{ ref('chk_labels') }}
    where table_kind = 'budget_basic_by_economic' and cell_role = 'label'
    group by all
{%- endmacro %}

{#- The totals of a table laid out with its items as rows: for each row of `rows` (document_id,
    table_index, row_index, line) and each column of `vals`, the row's amount in that column
    (null where the cell is empty), keyed on the column. -#}
{% macro checks_row_per_column(rows, vals, row_label) -%}
    select r.document_id, r.table_index, c.col as key, null as row_code, {{ row_label }} as row_label,
        c.col as column_name,
        (select v.amount from {{ vals }} v where v.document_id = r.document_id
            and v.table_index = r.table_index and v.row_index = r.row_index
            and v.col = c.col) as actual,
        r.line as source_line
    from {{ rows }} as r
    join (select distinct document_id, table_index, col from {{ vals }}) as c
        using (document_id, table_index)
{%- endmacro %}

{#- The cells of int_cell_meaning the checks read (`where`), each with its place and the side of
    its column (收支总表: int_summary_columns; other tables: the first column-path segment), then
    the caller's columns (the body of the call). -#}
{% macro checks_cells(where) -%}
select
    c.document_id,
    c.table_index,
    c.table_kind,
    c.row_index,
    c.col_index,
    c.source_line,
    coalesce(s.side, split_part(coalesce(c.column_path_norm, ''), '/', 1)) as side,
{{ caller() }}
from {{ ref('int_cell_meaning') }} as c
left join {{ ref('int_summary_columns') }} as s
    on s.document_id = c.document_id and s.table_index = c.table_index
   and s.col_index = c.col_index
where {{ where }}
{%- endmacro %}
