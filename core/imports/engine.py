"""The one import engine: a spreadsheet in, through a small declaration, into the database.

An import declares itself as an ``ImportSpec``: its columns (key, label, the header synonyms a
clerk's sheet uses, a parser from ``core.imports.parsers``, required or not), the names of header
cells to ignore (the "No" running number), row rules over the parsed values of one row, and an
``apply`` function that writes one accepted row with the app's services.

The engine then:

1. reads a sheet (``read_sheet``: any sheet of a workbook by name, merged cells filled down, the
   spreadsheet's own row numbers kept) through ``core.tabular`` (limits, streaming, format by content);
2. finds the header row among the first rows (``find_header``): the row whose cells name the most
   known columns; the title rows above it are skipped;
3. maps the header cells to columns (``auto_map``) by the synonyms, a mapping the clerk chose for
   a file of the same header shape (``header_signature``) overriding them;
4. checks every row (``check_rows``), collecting every problem of a row, not only the first, each
   with a kind so that ``group_problems`` can say "57 baris: wilayah tidak dikenal";
5. runs the accepted rows through ``apply`` (``apply_rows``) inside one transaction, which is rolled
   back when checking (the services' own refusals become problems too) or when any row fails while
   saving: every accepted row is saved, or none.

Nothing here knows a domain: the apps declare their imports (``stakeholders.imports``, ...).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.tabular import HEADER_SEARCH_ROWS, Table, TableRow, read_table

from .parsers import Noted, ParseError, fold, tidy

# --- the declaration -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column an import understands: its key, label, header synonyms, parser, and if it is required."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    parse: Callable[[str], Any] | None = None
    required: bool = False
    help: str = ""

    def names(self) -> set[str]:
        """Every folded header text that means this column."""
        return {fold(self.key), fold(self.label), *(fold(synonym) for synonym in self.synonyms)}


@dataclass
class RowProblem:
    """One thing wrong with one row: which column, what kind, the message, maybe a suggestion."""

    kind: str
    message: str
    column: str = ""
    value: str = ""
    suggestion: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "message": self.message,
            "column": self.column,
            "value": self.value,
            "suggestion": self.suggestion,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> RowProblem:
        return cls(**{key: data.get(key, "") for key in ("kind", "message", "column", "value", "suggestion")})


@dataclass
class BulkResult:
    """What ``ImportSpec.apply_many`` did: refusals by position in the rows given, and counts."""

    refused: Mapping[int, Sequence[str]] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)


# A row rule looks at one checked row (its texts, parsed values and problems so far) and returns
# the problems it finds; a value whose parser failed is absent from ``values`` but present in ``texts``.
RowRule = Callable[["RowResult"], Iterable[RowProblem]]


@dataclass
class ImportSpec:
    """A tabular import, declared: columns, header cells to ignore, row rules, and how a row is written.

    ``apply(values, context)`` writes one row with the app's services and raises ValidationError
    to refuse it; ``context`` is whatever ``make_context()`` returned for the run (lookups shared by
    every row). ``kind_labels`` names the problem kinds for the grouped summary.

    ``apply_many(results, context, write)``, when declared, replaces ``apply`` for large files: it
    takes every accepted row at once and hands them to a bulk service of the app (one check in
    memory, then ``bulk_create``), returning ``BulkResult``: the refusals by position in
    ``results`` and counts of what was (or, with ``write=False``, would be) done.
    """

    name: str
    columns: Sequence[Column]
    apply: Callable[[dict[str, Any], Any], object] | None = None
    apply_many: Callable[[Sequence[RowResult], Any, bool], BulkResult] | None = None
    rules: Sequence[RowRule] = ()
    ignore: tuple[str, ...] = ("no", "no.", "nomor urut", "no urut", "urut", "#")
    make_context: Callable[[], Any] = lambda: None
    kind_labels: Mapping[str, str] = field(default_factory=dict)
    # Header texts that repeat a column in other words ("Nama wilayah" beside "Kode wilayah", as the
    # registry's own export has): mapped to that column when the file has no other header for it,
    # ignored when it has (the file's data is then read once, from the other header).
    companions: Mapping[str, str] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


KIND_LABELS = {
    "required": gettext_noop("Kolom wajib kosong"),
    "refused": gettext_noop("Ditolak saat diperiksa"),
    "date_invalid": gettext_noop("Tanggal tidak dikenali"),
    "phone_invalid": gettext_noop("Nomor telepon tidak dikenali"),
    "phone_foreign": gettext_noop("Nomor luar negeri"),
    "area_unknown": gettext_noop("Wilayah tidak dikenal"),
    "area_ambiguous": gettext_noop("Nama wilayah ganda"),
    "area_mismatch": gettext_noop("Desa dan kecamatan tidak cocok"),
    "org_unknown": gettext_noop("Organisasi tidak ditemukan"),
    "org_ambiguous": gettext_noop("Nama organisasi ganda"),
    "choice_unknown": gettext_noop("Nilai tidak dikenal"),
    "name_invalid": gettext_noop("Nama tidak lengkap"),
}


def kind_label(spec: ImportSpec, kind: str) -> str:
    """The heading of a group of problems, in the user's language."""
    return _(spec.kind_labels.get(kind) or KIND_LABELS.get(kind) or kind)


# --- reading and mapping -------------------------------------------------------------------


def read_sheet(content: bytes, *, sheet: str | None = None, max_rows: int | None = None) -> Table:
    """Every non-blank row of one sheet (the first unless named), with its own row number."""
    return read_table(content, max_rows=max_rows, sheet=sheet or None, header=False)


def match_header(text: str, spec: ImportSpec) -> str | None:
    """The key of the column a header cell names, "" for a cell to ignore, None if unknown."""
    folded = fold(text)
    if not folded:
        return ""
    if folded in {fold(name) for name in spec.ignore}:
        return ""
    compact = folded.replace(" ", "")
    for column in spec.columns:
        names = column.names()
        if folded in names or compact in {name.replace(" ", "") for name in names}:
            return column.key
    return None


def find_header(rows: Sequence[TableRow], spec: ImportSpec) -> int:
    """The index (into ``rows``) of the header: the first of the top rows naming the most columns."""
    best, best_score = 0, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [match_header(value, spec) for value in row.values]
        score = len({key for key in keys if key})
        if score > best_score:
            best, best_score = index, score
    if best_score == 0:
        # Nothing known: the first row with two or more different cells (a title row has one).
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if len({value for value in row.values if value}) >= 2:
                return index
    return best


def header_signature(header: Sequence[str]) -> str:
    """The shape of a header (its cells folded, in order): files of one shape share a mapping."""
    folded = [fold(value) for value in header]
    while folded and not folded[-1]:
        folded.pop()
    return hashlib.sha256(json.dumps(folded).encode()).hexdigest()[:32]


def auto_map(
    header: Sequence[str], spec: ImportSpec, remembered: Mapping[str, str] | None = None
) -> dict[str, str]:
    """{header position: column key} for the header cells the spec knows ("" = ignored).

    A mapping the clerk chose for this header shape (``remembered``) wins over the synonyms. A
    column named by two header cells is mapped once, to the first.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    remembered = remembered or {}
    companions = {fold(text): key for text, key in spec.companions.items()}
    later: list[tuple[int, str]] = []
    for position, text in enumerate(header):
        key = remembered.get(str(position))
        if key is None and fold(text) in companions:
            later.append((position, companions[fold(text)]))
            continue
        if key is None:
            key = match_header(text, spec)
        if key and key in taken:
            key = None
        if key is None:
            continue
        mapping[str(position)] = key
        if key:
            taken.add(key)
    for position, key in later:
        mapping[str(position)] = "" if key in taken else key
        taken.add(key)
    return mapping


def unmapped(header: Sequence[str], mapping: Mapping[str, str]) -> list[int]:
    """Positions of non-empty header cells that are neither mapped nor ignored."""
    return [position for position, text in enumerate(header) if tidy(text) and str(position) not in mapping]


def missing_required(spec: ImportSpec, mapping: Mapping[str, str]) -> list[Column]:
    """Required columns that no header cell is mapped to."""
    mapped = set(mapping.values())
    return [column for column in spec.columns if column.required and column.key not in mapped]


def row_texts(row: TableRow, mapping: Mapping[str, str]) -> dict[str, str]:
    """The texts of one row by column key (columns not in the file are absent)."""
    texts: dict[str, str] = {}
    for position, key in mapping.items():
        if not key:
            continue
        index = int(position)
        texts[key] = tidy(row.values[index]) if index < len(row.values) else ""
    return texts


# --- checking ------------------------------------------------------------------------------


@dataclass
class RowResult:
    """One row checked: its spreadsheet row number, texts, parsed values, problems and notes."""

    line: int
    texts: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems


def check_row(spec: ImportSpec, line: int, texts: dict[str, str]) -> RowResult:
    """Parse every column of a row and run the row rules; every problem is kept, not just the first."""
    result = RowResult(line=line, texts=dict(texts))
    for column in spec.columns:
        text = texts.get(column.key, "")
        if not text:
            if column.required:
                result.problems.append(
                    RowProblem(
                        kind="required",
                        column=column.key,
                        message=_("%(column)s wajib diisi.") % {"column": column.label},
                    )
                )
            continue
        if column.parse is None:
            result.values[column.key] = text
            continue
        try:
            value = column.parse(text)
        except ParseError as exc:
            result.problems.append(
                RowProblem(
                    kind=exc.kind,
                    column=column.key,
                    message=exc.message,
                    value=text,
                    suggestion=exc.suggestion,
                )
            )
            continue
        if isinstance(value, Noted):
            result.notes.append(f"{column.label}: {value.note}")
            value = value.value
        result.values[column.key] = value
    for rule in spec.rules:
        result.problems.extend(rule(result))
    return result


def check_rows(
    spec: ImportSpec,
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    progress: Callable[[int], None] | None = None,
) -> list[RowResult]:
    """``check_row`` for every (line, texts); ``progress(done)`` after each."""
    results = []
    for done, (line, texts) in enumerate(rows, start=1):
        results.append(check_row(spec, line, texts))
        if progress is not None:
            progress(done)
    return results


def validation_messages(exc: ValidationError) -> list[str]:
    """Every message of a ValidationError, whether it is a dict, a list or one message."""
    if hasattr(exc, "error_dict"):
        return [message for messages in exc.message_dict.values() for message in messages]
    return list(exc.messages)


def apply_rows(
    spec: ImportSpec,
    results: Sequence[RowResult],
    *,
    commit: bool,
    progress: Callable[[int], None] | None = None,
    on_commit: Callable[[], None] | None = None,
    counts: dict[str, int] | None = None,
) -> int:
    """Write the accepted rows with ``spec.apply`` (or all at once with ``spec.apply_many``) in one
    transaction; return how many were written.

    A refusal by a service becomes a "refused" problem of its row. The transaction is rolled back
    when checking (``commit=False``) or when any row was refused: every accepted row, or none.
    ``on_commit`` runs inside the transaction just before it commits (e.g. marking the job done),
    so it is kept only together with the rows. ``counts``, if given, receives the bulk service's
    counts (people created, rows unchanged, ...).
    """
    if spec.apply is None and spec.apply_many is None:
        raise ValueError(f"The import {spec.name} declares no apply function.")
    written = 0
    with transaction.atomic():
        context = spec.make_context()
        refused = False
        if spec.apply_many is not None:
            accepted = [result for result in results if result.accepted]
            try:
                outcome = spec.apply_many(accepted, context, commit)
            except ValidationError as exc:  # a refusal of the whole file
                outcome = BulkResult(refused={0: validation_messages(exc)} if accepted else {})
            for position, messages in outcome.refused.items():
                refused = True
                accepted[position].problems.extend(
                    RowProblem(kind="refused", message=message) for message in messages
                )
            written = len(accepted) - len(outcome.refused)
            if counts is not None:
                counts.update(outcome.counts)
            if progress is not None:
                progress(len(results))
        else:
            apply: Callable[[dict[str, Any], Any], object] = spec.apply  # type: ignore[assignment]
            for done, result in enumerate(results, start=1):
                if result.accepted:
                    try:
                        with transaction.atomic():
                            apply(result.values, context)
                    except ValidationError as exc:
                        refused = True
                        result.problems.extend(
                            RowProblem(kind="refused", message=message)
                            for message in validation_messages(exc)
                        )
                    else:
                        written += 1
                if progress is not None:
                    progress(done)
        if refused or not commit or any(not result.accepted for result in results):
            transaction.set_rollback(True)
            return 0 if commit else written
        if on_commit is not None:
            on_commit()
    return written


# --- the summary ---------------------------------------------------------------------------


@dataclass
class ProblemGroup:
    """Rows sharing a kind of problem in one column: a count, their row numbers, the values seen."""

    kind: str
    column: str
    label: str
    count: int
    lines: list[int]
    values: list[tuple[str, int]]  # (value, how many rows), most common first
    suggestions: dict[str, str]  # value -> suggestion


def group_problems(
    spec: ImportSpec, results: Iterable[tuple[int, Iterable[RowProblem]]]
) -> list[ProblemGroup]:
    """Problems grouped by (kind, column), largest group first: "57 baris: Wilayah tidak dikenal"."""
    lines: dict[tuple[str, str], list[int]] = {}
    values: dict[tuple[str, str], Counter[str]] = {}
    suggestions: dict[tuple[str, str], dict[str, str]] = {}
    for line, problems in results:
        for problem in problems:
            key = (problem.kind, problem.column)
            group_lines = lines.setdefault(key, [])
            if not group_lines or group_lines[-1] != line:
                group_lines.append(line)
            if problem.value:
                values.setdefault(key, Counter())[problem.value] += 1
                if problem.suggestion:
                    suggestions.setdefault(key, {})[problem.value] = problem.suggestion
    groups = []
    for (kind, column), group_lines in lines.items():
        label = kind_label(spec, kind)
        if column:
            with contextlib.suppress(StopIteration):
                label = f"{label} ({spec.column(column).label})"
        groups.append(
            ProblemGroup(
                kind=kind,
                column=column,
                label=label,
                count=len(group_lines),
                lines=group_lines,
                values=values.get((kind, column), Counter()).most_common(),
                suggestions=suggestions.get((kind, column), {}),
            )
        )
    return sorted(groups, key=lambda group: (-group.count, group.label))
