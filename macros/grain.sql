{#- A row's verdict against a grain: `kept` when it alone holds its key, or is the first
    (by `order_by`) of rows that repeat one amount; `repeat` for those others; `conflict` for
    every row of a key whose rows differ in amount (none of them can be trusted). -#}
{% macro grain_verdict(key, amount, order_by) -%}
    {%- set part = 'partition by ' ~ key | join(', ') -%}
    case
        when count(*) over ({{ part }}) = 1 then 'kept'
        when min({{ amount }}) over ({{ part }}) is distinct from max({{ amount }}) over ({{ part }})
            then 'conflict'
        when row_number() over ({{ part }} order by {{ order_by | join(', ') }}) = 1 then 'kept'
        else 'repeat'
    end
{%- endmacro %}
