{#- Per-document incremental models.

    The models whose rows belong to one document each (int_* and fact_* except the
    cross-document ones) are materialized `incremental` (strategy append). In an incremental
    run a model reads only the *batch*: the loaded documents ingested after the watermark of
    the last complete build (model int_batch_documents over build.runs, written by
    `budget-warehouse build`; all documents when there is none). Its pre-hook first deletes
    the rows of documents that are no longer loaded (replaced or failed files) and of the
    batch (documents reloaded under the same id). A full refresh (`--full-refresh`, or any
    change to the project's definitions: see budget_warehouse/build_state.py) rebuilds every
    model from all documents. -#}

{#- the batch (model int_batch_documents, the one reader of build.runs) -#}
{% macro batch_documents() -%}
    select document_id from {{ ref('int_batch_documents') }}
{%- endmacro %}

{#- `relation` as is in a full build; only the batch's rows in an incremental run. -#}
{% macro for_batch(relation) -%}
    {#- parsed with is_incremental() false: name the batch's source so dbt records it -#}
    {%- set documents = ref('int_documents') -%}
    {%- set batch = ref('int_batch_documents') -%}
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
