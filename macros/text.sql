{#- Text normalisation shared by the models. -#}

{#- A column path without white space, years ("2025年预算数/合计" -> "预算数/合计") or
    leading/trailing slashes, so that one mapping serves every year. -#}
{% macro normalize_column_path(expr) -%}
    nullif(regexp_replace(
        regexp_replace(regexp_replace({{ expr }}, '\s+', '', 'g'), '\d{4}年?', '', 'g'),
        '^/+|/+$', '', 'g'), '')
{%- endmacro %}

{#- The last segment of a normalised column path ("预算数/合计" -> "合计"). -#}
{% macro path_leaf(expr) -%}
    regexp_extract(coalesce({{ expr }}, ''), '([^/]*)$', 1)
{%- endmacro %}

{#- A normalised column path without its last segment ("预算数/合计" -> "预算数", "合计" -> ""). -#}
{% macro path_parent(expr) -%}
    regexp_replace(coalesce({{ expr }}, ''), '/?[^/]*$', '')
{%- endmacro %}

{#- A row label without white space and its ordinal ("二十、住房保障支出" -> "住房保障支出",
    "(一) 行政单位" -> "行政单位", "①公务用车购置费", "1．…"), with ASCII parentheses and colon. -#}
{% macro label_without_ordinal(expr) -%}
    regexp_replace(
        translate(regexp_replace({{ expr }}, '\s+', '', 'g'), '（）：', '():'),
        '^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[0-9]+[.、．]|[①②③④⑤⑥⑦⑧⑨⑩])', '')
{%- endmacro %}

{#- The row label's normalised form: label_without_ordinal, without a leading "其中:". -#}
{% macro normalize_label(expr) -%}
    nullif(regexp_replace({{ label_without_ordinal(expr) }}, '^其中:', ''), '')
{%- endmacro %}

{#- The row is numbered with a Chinese ordinal ("六、", "（一）"): a heading of the rows below. -#}
{% macro label_is_ordinal(expr) -%}
    regexp_matches(regexp_replace(coalesce({{ expr }}, ''), '\s+', '', 'g'),
        '^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)')
{%- endmacro %}

{#- The row is an "of which" (其中) row: a part of the row above, not a row of its own. -#}
{% macro label_is_of_which(expr) -%}
    coalesce({{ label_without_ordinal(expr) }} like '其中%', false)
{%- endmacro %}

{#- Level of a function classification code: 类 (3 digits), 款 (5), 项 (7). -#}
{% macro function_level(code) -%}
    case length({{ code }}) when 3 then 'class' when 5 then 'section' when 7 then 'item' end
{%- endmacro %}

{#- A name for comparing names as printed (NFKC-like): white space (also the ideographic space
    U+3000 and U+00A0) removed and the full-width ASCII forms (U+FF01-FF5E: （）［］：，０-９Ａ-Ｚ…)
    folded to ASCII, so that "山西省学会学术服务中心（山西省 院士专家服务中心）" and
    "山西省学会学术服务中心(山西省院士专家服务中心)" compare equal. DuckDB has no NFKC
    normalisation; these are the compatibility forms the disclosures print. -#}
{% macro normalize_name(expr) -%}
    translate(regexp_replace(coalesce({{ expr }}, ''), '[\s\x{3000}\x{00A0}]+', '', 'g'),
        '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～',
        '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~')
{%- endmacro %}

{#- The columns that place a cell: its document and table (kind, number), the document's phase,
    year and unit, the cell's row, column and file line (int_cell_meaning's first columns). -#}
{% macro cell_context(alias) -%}
    {{ alias }}.document_id,
    {{ alias }}.table_index,
    {{ alias }}.table_kind,
    {{ alias }}.table_no,
    {{ alias }}.phase,
    {{ alias }}.fiscal_year,
    {{ alias }}.unit_key,
    {{ alias }}.row_index,
    {{ alias }}.col_index,
    {{ alias }}.source_line
{%- endmacro %}
