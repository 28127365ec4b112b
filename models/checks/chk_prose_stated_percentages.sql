{{ config(schema='checks', materialized='view') }}
-- Prose: every stated percentage = the ratio it names, recomputed from the stated figures, to
-- 0.01 percentage point.
--   share ("占47.29%"): 100 × the subject's stated value (same sentence, nearest before it) /
--     the whole's stated value (parent_subject, or the total a share of that subject is of);
--   change_rate ("增长67.82%"): 100 × the stated change / the prior value (stated value ∓
--     change); a rate stated against a prior value of 0 fails (expected NULL).
with figures as (
    select f.*, f.subject_key as subject, f.parent_subject_key as parent_subject, d.doc_kind
    from {{ ref('stg_stated_figures') }} as f
    join {{ ref('stg_documents') }} as d using (document_id)
    where not f.is_generic
),
values_ as (
    select * from figures where measure = 'value'
),
shares as (
    select s.*,
        coalesce(s.parent_subject, case
            when s.subject in ('business_revenue', 'other_revenue') then 'revenue_subtotal'
            when s.subject in ('basic_expenditure', 'project_expenditure')
                and s.doc_kind = 'final_account' then 'expenditure_subtotal'
            when s.subject = 'general_budget_fiscal_expenditure' then 'expenditure_subtotal'
            when s.subject = 'published_project_targets_amount' then 'project_expenditure'
        end) as whole_subject
    from figures as s where s.measure = 'share' and s.unit = '%'
),
share_terms as (
    select s.*,
        (select v.value from values_ v where v.document_id = s.document_id
            and v.subject = s.subject and coalesce(v.qualifier, '') = coalesce(s.qualifier, '')
            and v.source_line = s.source_line and v.figure_index < s.figure_index
         order by v.figure_index desc limit 1) as part,
        (select v.value from values_ v where v.document_id = s.document_id
            and v.subject = s.whole_subject and v.source_line <= s.source_line
         order by v.source_line desc, v.figure_index desc limit 1) as whole,
        (select v.source_line from values_ v where v.document_id = s.document_id
            and v.subject = s.whole_subject and v.source_line <= s.source_line
         order by v.source_line desc, v.figure_index desc limit 1) as whole_line
    from shares as s
),
rates as (
    select r.*,
        (select c.value from figures c where c.document_id = r.document_id
            and c.subject = r.subject and c.measure = 'change'
            and c.source_line = r.source_line and c.figure_index < r.figure_index
         order by c.figure_index desc limit 1) as change_value,
        (select c.direction from figures c where c.document_id = r.document_id
            and c.subject = r.subject and c.measure = 'change'
            and c.source_line = r.source_line and c.figure_index < r.figure_index
         order by c.figure_index desc limit 1) as change_direction,
        (select v.value from values_ v where v.document_id = r.document_id
            and v.subject = r.subject and v.source_line = r.source_line
            and v.figure_index < r.figure_index
         order by v.figure_index desc limit 1) as current_value
    from figures as r where r.measure = 'change_rate' and r.unit = '%'
),
first_table as (
    select document_id, min(table_index) as table_index
    from {{ ref('stg_tables') }} where table_no = 1 group by all
),
comparisons as (
    select
        s.document_id, t.table_index, s.subject as row_code,
        coalesce(s.qualifier || ' ', '') || s.label || ' (share of ' || s.whole_subject || ')'
            as row_label,
        '%' as column_name,
        -- the ratio as computed, not rounded: a share printed truncated (99.86 for 99.868)
        -- is within 0.01 point of it
        case when s.whole <> 0 then 100 * s.part / s.whole
             when s.value = 0 and coalesce(s.part, 0) = 0 then 0 end as expected,
        s.value as actual,
        1 as n_terms,
        s.source_line,
        '100 × ' || cast(s.part as varchar) || ' / ' || coalesce(cast(s.whole as varchar), '?')
            || coalesce(' (whole stated at line ' || s.whole_line || ')', '')
            || ' ("' || left(s.sentence, 60) || '")' as detail
    from share_terms as s
    left join first_table as t using (document_id)
    where s.part is not null and (s.whole is not null or s.value = 0)
    union all
    select
        r.document_id, t.table_index, r.subject,
        r.label || ' (change rate of ' || r.subject || ')',
        '%',
        case when r.current_value - case r.change_direction when 'decrease'
                then -r.change_value else r.change_value end <> 0
             then 100 * r.change_value / (r.current_value - case r.change_direction
                when 'decrease' then -r.change_value else r.change_value end) end,
        r.value,
        1,
        r.source_line,
        '100 × change ' || cast(r.change_value as varchar) || ' / prior ('
            || cast(r.current_value as varchar) || ' ∓ change); prior 0 cannot grow by a rate'
            || ' ("' || left(r.sentence, 60) || '")'
    from rates as r
    left join first_table as t using (document_id)
    where r.change_value is not null and r.current_value is not null
)
{{ checks_comparison_select('prose_stated_percentages') }}
