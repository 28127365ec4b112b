{#- Text normalisation shared by the models. -#}

{#- A column path without years ("2025年预算数/合计" -> "预算数/合计"), white space or
    leading/trailing slashes, so that one mapping serves every year. -#}
{% macro normalize_column_path(expr) -%}
    nullif(regexp_replace(
        regexp_replace(regexp_replace({{ expr }}, '\d{4}年?', '', 'g'), '\s+', '', 'g'),
        '^/+|/+$', '', 'g'), '')
{%- endmacro %}

{#- A row label without its ordinal ("二十、住房保障支出" -> "住房保障支出", "(一) 行政单位" ->
    "行政单位", "①公务用车购置费" -> "公务用车购置费"), white space and with ASCII parentheses. -#}
{% macro normalize_label(expr) -%}
    nullif(regexp_replace(
        regexp_replace(
            translate(regexp_replace({{ expr }}, '\s+', '', 'g'), '（）：', '():'),
            '^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[0-9]+[.、]|[①②③④⑤⑥⑦⑧⑨⑩])', ''),
        '^其中:', ''), '')
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
