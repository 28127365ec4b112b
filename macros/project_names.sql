{#- A project name for matching across tables: no white space, no quotes, ASCII parentheses
    ("“中国流动科技馆”山西巡展" -> "中国流动科技馆山西巡展"). -#}
{% macro normalize_project_name(expr) -%}
    translate(regexp_replace(coalesce({{ expr }}, ''), '[\s“”"‘’''「」]+', '', 'g'),
        '（）【】', '()[]')
{%- endmacro %}
