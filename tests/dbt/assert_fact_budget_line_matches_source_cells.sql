-- Lineage holds: every fact_budget_line row points at a printed value cell of the raw schema
-- (same document, table, row, column and line) holding the same amount.
select f.*
from {{ ref('fact_budget_line') }} as f
left join {{ ref('stg_cells') }} as c
    on c.document_id = f.document_id
    and c.table_index = f.source_table_index
    and c.row_index = f.source_row_index
    and c.col_index = f.source_col_index
where c.document_id is null
   or c.cell_role <> 'value'
   or c.amount <> f.amount
   or c.source_line <> f.source_line
