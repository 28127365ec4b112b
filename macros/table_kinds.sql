{#- The table kinds that share a layout, named once for the models that read them. -#}

{#- The 收支总表 kinds: income lines on the left, expenditure lines on the right. -#}
{% macro summary_kinds() -%}
    'budget_summary', 'budget_fiscal_summary', 'final_summary', 'final_fiscal_summary'
{%- endmacro %}

{#- The role of a 收支总表 row from its normalised label (seed map_summary_row_role): the first
    rule whose pattern matches, else null (an ordinary line). -#}
{% macro summary_row_role(label_expr) -%}
    {{ first_match('map_summary_row_role', 'pattern', 'row_role', label_expr) }}
{%- endmacro %}
