"""Import of organisations and of people (with contact points and positions) from CSV or XLSX.

Both imports are declarations run by the engine in ``core.imports``: the clerk's own headers map
by synonyms ("Nama", "Instansi", "Kecamatan/Desa", "TMT", "No. HP", "Nomor WA", ...), title rows
above the header are skipped, any sheet may be chosen, values are read as a person would (areas by
name or code, organisations by everyday names, offices by their abbreviations with Pj/Plt/Plh/Pjs,
Indonesian dates, split names, phones with landlines kept apart), every problem of a row is kept
and the problems are grouped by kind. A file is stored with its rows as text (``import_job_create``);
every row is checked by running the real services inside a transaction that is rolled back
(``import_job_validate``); the clerk maps unknown headers (``import_job_map``, remembered for the
next file of the same header shape), fixes a row (``import_row_fix``), replaces one value in every
row (``import_value_replace``) or leaves rows out (``import_row_drop``); then the file is saved all
or nothing (``import_job_commit``). An import is a core background job: a large file is read,
checked and saved by the worker with progress and recovery; a small one during the request.

A package by sub-domain: ``specs`` (what a clerk writes and the two declarations), ``apply`` (how a
row is written: the services one row at a time or the bulk service), ``jobs`` (the background job and
the clerk's corrections), ``preview`` (what the preview page shows).
"""

from .apply import JOIN, JOIN_LINE, SAME_AS, UNCHANGED
from .jobs import (
    import_job_choose_sheet,
    import_job_commit,
    import_job_create,
    import_job_map,
    import_job_start_commit,
    import_job_validate,
    import_row_decide,
    import_row_drop,
    import_row_fix,
    import_value_replace,
    job_line,
    job_texts,
)
from .preview import (
    import_normalised_preview,
    import_problem_groups,
    import_rejected_xlsx,
    import_unmapped,
)
from .specs import (
    ACTING_WORDS,
    AREA_ALIASES,
    IMPORT_MAX_ROWS,
    IMPORT_SYNC_ROWS,
    KIND_LABELS,
    OFFICE_SYNONYMS,
    ORG_TYPE_SYNONYMS,
    REASONS_HEADER,
    SPECS,
    OfficeValue,
    _RowContext,
    organisations_spec,
    people_spec,
    spec_columns,
)

__all__ = [
    "ACTING_WORDS",
    "AREA_ALIASES",
    "IMPORT_MAX_ROWS",
    "IMPORT_SYNC_ROWS",
    "JOIN",
    "JOIN_LINE",
    "KIND_LABELS",
    "OFFICE_SYNONYMS",
    "ORG_TYPE_SYNONYMS",
    "REASONS_HEADER",
    "SAME_AS",
    "SPECS",
    "UNCHANGED",
    "OfficeValue",
    "_RowContext",
    "import_job_choose_sheet",
    "import_job_commit",
    "import_job_create",
    "import_job_map",
    "import_job_start_commit",
    "import_job_validate",
    "import_normalised_preview",
    "import_problem_groups",
    "import_rejected_xlsx",
    "import_row_decide",
    "import_row_drop",
    "import_row_fix",
    "import_unmapped",
    "import_value_replace",
    "job_line",
    "job_texts",
    "organisations_spec",
    "people_spec",
    "spec_columns",
]
