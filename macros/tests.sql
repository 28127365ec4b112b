{#- Generic test: the combination of columns is unique in the model (optionally filtered). -#}
{% test unique_combination(model, columns, where_clause=none, column_name=none) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
{% if where_clause %}where {{ where_clause }}{% endif %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Generic test: the expression holds on every row (rows where it is false or NULL fail). -#}
{% test expression_true(model, expression, where_clause=none, column_name=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% if where_clause %}and ({{ where_clause }}){% endif %}
{% endtest %}

{#- Generic test: none of the columns is NULL. One query per model instead of one not_null test
    per column (dbt's per-test overhead dominated the build); a failing row names its NULL
    columns. -#}
{% test columns_not_null(model, columns, column_name=none) %}
select
    concat_ws(', '
    {%- for column in columns %}, case when {{ adapter.quote(column) }} is null then '{{ column }}' end
    {%- endfor %}) as null_columns,
    *
from {{ model }}
where {% for column in columns %}{{ adapter.quote(column) }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
