{#- An MD5 surrogate key over the given columns (NULL-safe, order-sensitive).
    In-project replacement for dbt_utils.generate_surrogate_key (no `dbt deps`). -#}
{% macro surrogate_key(fields) -%}
    md5(concat_ws('||'
    {%- for field in fields %}, coalesce(cast({{ field }} as varchar), '_dbt_null_'){% endfor -%}
    ))
{%- endmacro %}
