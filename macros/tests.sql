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
