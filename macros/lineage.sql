{#- The columns that trace a fact row to the printed cell it was read from: the table (kind,
    number and position in its document), the body row, the column path as printed and the line
    of the source file. -#}
{% macro source_lineage() -%}
    table_kind as source_table_kind,
    table_no as source_table_no,
    table_index as source_table_index,
    row_index as source_row_index,
    column_path as source_column_path,
    source_line
{%- endmacro %}
