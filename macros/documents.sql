{#- A document's attributes as read (raw.documents): scope, year, title, template, file and
    what was loaded. -#}
{% macro document_attributes() -%}
    scope,
    fiscal_year,
    title,
    title_line,
    template,
    file_name,
    source_path,
    table_count,
    cell_count,
    warning_count
{%- endmacro %}
