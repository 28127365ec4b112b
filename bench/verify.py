"""The generator's own audit of a warehouse's ``raw`` schema: the accounting identities of the
templates, computed in SQL (aggregated per table and column, never row by row in Python).

It proves the generator's claim: on a generated corpus it finds exactly the injected
inconsistencies (every other identity holds within the rounding tolerance of 0.01 万元 per
summed term). The warehouse's own checks (``expectations/``) are independent of this.
"""

from __future__ import annotations

import duckdb

CODE_TABLES = (
    "budget_revenue",
    "budget_expenditure",
    "budget_general_expenditure",
    "final_revenue",
    "final_expenditure",
    "final_general_expenditure",
)
TOTAL_LEAVES = ("合计", "本年收入合计", "本年支出合计", "小计")

_VALUES = """
    SELECT c.document_id, d.file_name, c.table_index, t.table_kind, c.row_index, c.col_index,
           c.row_code, regexp_replace(coalesce(c.row_label, ''), '\\s+', '', 'g') AS label,
           regexp_extract(coalesce(c.column_path, ''), '([^/]*)$', 1) AS leaf,
           split_part(coalesce(c.column_path, ''), '/', 1) AS side, c.amount
    FROM raw.cells c
    JOIN raw.tables t USING (document_id, table_index)
    JOIN raw.documents d USING (document_id)
    WHERE c.cell_role = 'value' AND c.value_status = 'value' AND c.amount IS NOT NULL
      AND t.table_kind IN ({kinds})
"""

_RULES = """
WITH v AS ({values}),
codes AS (SELECT * FROM v WHERE table_kind IN ({code_tables})),
parent_children AS (
    SELECT p.file_name, p.table_kind, 'parent = Σ children' AS rule, p.row_code AS row,
           p.col_index, any_value(p.amount) AS actual, coalesce(sum(ch.amount), 0) AS expected,
           greatest(count(ch.amount), 1) AS n
    FROM codes p
    LEFT JOIN codes ch ON ch.document_id = p.document_id AND ch.table_index = p.table_index
        AND ch.col_index = p.col_index AND length(ch.row_code) = length(p.row_code) + 2
        AND starts_with(ch.row_code, p.row_code)
    WHERE length(p.row_code) IN (3, 5)
    GROUP BY p.document_id, p.file_name, p.table_kind, p.table_index, p.row_index, p.row_code,
             p.col_index
),
total_classes AS (
    SELECT t.file_name, t.table_kind, '合计 = Σ classes' AS rule, '合计' AS row, t.col_index,
           any_value(t.amount) AS actual, coalesce(sum(c.amount), 0) AS expected,
           greatest(count(c.amount), 1) AS n
    FROM codes t
    LEFT JOIN codes c ON c.document_id = t.document_id AND c.table_index = t.table_index
        AND c.col_index = t.col_index AND length(c.row_code) = 3
    WHERE t.row_code IS NULL AND t.label = '合计'
    GROUP BY t.document_id, t.file_name, t.table_kind, t.table_index, t.col_index
),
row_parts AS (
    SELECT any_value(file_name) AS file_name, any_value(table_kind) AS table_kind,
           'total column = Σ parts' AS rule,
           coalesce(any_value(row_code), any_value(label)) AS row, NULL AS col_index,
           sum(amount) FILTER (WHERE leaf IN ({totals})) AS actual,
           coalesce(sum(amount) FILTER (WHERE leaf NOT IN ({totals})), 0) AS expected,
           greatest(count(amount) FILTER (WHERE leaf NOT IN ({totals})), 1) AS n
    FROM codes
    GROUP BY document_id, table_index, row_index
    HAVING count(amount) FILTER (WHERE leaf IN ({totals})) = 1
),
summary_income AS (
    SELECT any_value(file_name) AS file_name, 'budget_summary' AS table_kind,
           '本年收入合计 = Σ sources' AS rule, '本年收入合计' AS row, NULL AS col_index,
           sum(amount) FILTER (WHERE label = '本年收入合计') AS actual,
           coalesce(sum(amount) FILTER (
               WHERE regexp_matches(label, '^[一二三四五六七八九十]+、')), 0) AS expected,
           greatest(count(amount) FILTER (
               WHERE regexp_matches(label, '^[一二三四五六七八九十]+、')), 1) AS n
    FROM v WHERE table_kind = 'budget_summary' AND side = '收入'
    GROUP BY document_id, table_index
),
final_total AS (
    SELECT any_value(file_name) AS file_name, 'final_summary' AS table_kind,
           '总计 = 本年收入合计 + 结余 + 年初结转和结余' AS rule, '总计' AS row, NULL AS col_index,
           sum(amount) FILTER (WHERE label = '总计') AS actual,
           coalesce(sum(amount) FILTER (WHERE label IN (
               '本年收入合计', '使用非财政拨款结余（含专用结余）', '年初结转和结余')), 0)
               AS expected,
           3 AS n
    FROM v WHERE table_kind = 'final_summary' AND side = '收入'
    GROUP BY document_id, table_index
),
economic_total AS (
    SELECT any_value(file_name) AS file_name, 'budget_basic_by_economic' AS table_kind,
           '合计 = 人员经费 + 公用经费' AS rule, any_value(label) AS row, NULL AS col_index,
           sum(amount) FILTER (WHERE leaf = '合计') AS actual,
           coalesce(sum(amount) FILTER (WHERE leaf IN ('人员经费', '公用经费')), 0) AS expected,
           2 AS n
    FROM v WHERE table_kind = 'budget_basic_by_economic'
    GROUP BY document_id, table_index, row_index
),
everything AS (
    SELECT * FROM parent_children UNION ALL SELECT * FROM total_classes
    UNION ALL SELECT * FROM row_parts UNION ALL SELECT * FROM summary_income
    UNION ALL SELECT * FROM final_total UNION ALL SELECT * FROM economic_total
)
SELECT file_name, table_kind, rule, row, col_index, actual, expected
FROM everything
WHERE actual IS NOT NULL AND abs(actual - expected) > 0.01 * n + 0.000001
ORDER BY file_name, table_kind, rule, row, col_index
"""


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def find_inconsistencies(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Broken identities: (file_name, table_kind, rule, row, col_index, actual, expected)."""
    kinds = (*CODE_TABLES, "budget_summary", "final_summary", "budget_basic_by_economic")
    sql = _RULES.format(
        values=_VALUES.format(kinds=_quoted(kinds)),
        code_tables=_quoted(CODE_TABLES),
        totals=_quoted(TOTAL_LEAVES),
    )
    return con.execute(sql).fetchall()
