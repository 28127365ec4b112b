-- fact_stated_figure: figures stated in the prose of a document (情况说明, 政府采购, 国有资产,
-- 绩效管理 …), one row per figure, with the document, unit and year it belongs to. `value` and
-- `unit` as printed; money converted to 万元 (value_wan: 元 ÷ 10000). Changes carry their
-- direction (增加/减少/与上年相同) and a signed value. Which figures have a table counterpart,
-- and the counterpart itself, is int_stated_vs_table.
select
    {{ surrogate_key(['s.document_id', 's.figure_index']) }} as stated_figure_key,
    s.document_id,
    d.unit_key,
    d.fiscal_year,
    d.phase,
    s.figure_index,
    s.section,
    s.subject_key,
    s.qualifier,
    s.measure,
    s.label,
    s.parent_subject_key,
    s.is_generic,
    s.value,
    s.unit,
    s.unit_kind,
    cast(s.value_wan as decimal(24, 8)) as value_wan,
    s.direction,
    case when s.measure in ('change', 'change_rate')
         then case s.direction when 'decrease' then -s.value else s.value end
    end as signed_change,
    s.basis,
    s.sentence,
    s.source_line
from {{ for_batch(ref('stg_stated_figures')) }} as s
join {{ for_batch(ref('int_documents')) }} as d using (document_id)
