{#- Per-document incremental models.

    The models whose rows belong to one document each (int_* and fact_* except the
    cross-document ones) are materialized `incremental` (strategy append). In an incremental
    run a model reads only the *batch*: the loaded documents ingested after the watermark of
    the last complete build (build.runs, written by `budget-warehouse build`; all documents
    when there is none). Its pre-hook first deletes the rows of documents that are no longer
    loaded (replaced or failed files) and of the batch (documents reloaded under the same
    id). A full refresh (`--full-refresh`, or any change to the project's definitions: see
    budget_warehouse/build_state.py) rebuilds every model from all documents. -#}

{% macro batch_documents() -%}
    select document_id from {{ ref('int_documents') }}
    where ingested_at > coalesce(
        (select watermark from {{ source('build', 'runs') }}
         where models_ok order by started_at desc limit 1),
        '-infinity'::timestamp)
{%- endmacro %}

{#- `relation` as is in a full build; only the batch's rows in an incremental run. -#}
{% macro for_batch(relation) -%}
    {#- parsed with is_incremental() false: name the batch's source so dbt records it -#}
    {%- set documents = ref('int_documents') -%}
    {%- set builds = source('build', 'runs') -%}
    {%- if is_incremental() -%}
    (select * from {{ relation }} where document_id in ({{ batch_documents() }}))
    {%- else -%}
    {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the per-document incremental models (nothing in a full build). -#}
{% macro delete_rebuilt_documents() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where document_id not in (select document_id from {{ ref('int_documents') }})
       or document_id in ({{ batch_documents() }})
    {%- endif -%}
{%- endmacro %}
