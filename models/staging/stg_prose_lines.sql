-- One row per prose line holding a digit (raw.prose_lines, the coverage report of the prose
-- interpreter), renamed; nothing joined.
select
    document_id,
    source_line,
    section,
    text as printed_text,
    status as line_status,
    figure_count,
    number_count,
    reason,
    unlabelled as unlabelled_numbers
from {{ source('raw', 'prose_lines') }}
