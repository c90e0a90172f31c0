"""CSV and XLSX in and out, the same way in every app.

Out: ``csv_response`` streams rows (constant memory) and neutralises spreadsheet formulas.
In: ``read_table`` yields ``(line_number, row)`` from a CSV or XLSX upload, and ``validate_table``
checks a whole file before anything is written, collecting every bad row with its line number.
Apps write the per-row validation and the idempotent apply step (``update_or_create`` on a natural
key), so a second run of the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read UTF-8
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_safe(value) for value in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download; ``rows`` should be a lazy iterator (``.iterator()``)."""
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line}
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


class TableError(ValidationError):
    """The file as a whole cannot be read (wrong format, missing columns)."""


def _csv_lines(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        if None in row:
            raise TableError(_("Line %(line)s has more cells than the header.") % {"line": reader.line_num})
        yield reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        if all(value in (None, "") for value in values):
            continue
        cells = ["" if value is None else str(value).strip() for value in values]
        yield number, dict(zip(header, cells, strict=False))
    workbook.close()


def read_table(
    data: bytes, *, filename: str = "", required: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV (UTF-8) or XLSX file as ``(line number, {column: text})``."""
    lines = _xlsx_lines(data) if data.startswith(b"PK\x03\x04") else _csv_lines(data)
    first = next(lines, None)
    if first is None:
        raise TableError(_("The file has no rows."))
    missing = [column for column in required if column not in first[1]]
    if missing:
        raise TableError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    yield first
    yield from lines


T = TypeVar("T")


@dataclass
class ValidatedTable(Generic[T]):
    rows: list[tuple[int, T]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors


def validate_table(
    lines: Iterable[tuple[int, dict[str, str]]],
    validate_row: Callable[[dict[str, str]], T],
    *,
    max_errors: int = 1000,
) -> ValidatedTable[T]:
    """Run ``validate_row`` over every line; a ValidationError becomes a RowError for that line.

    Nothing is written here: the caller applies ``rows`` only when ``is_clean`` (or, when the
    person asked for it, applies the good rows and reports the rest).
    """
    result: ValidatedTable[T] = ValidatedTable()
    for line, row in lines:
        try:
            result.rows.append((line, validate_row(row)))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for column, errors in exc.message_dict.items():
                    result.errors.extend(RowError(line, message, column) for message in errors)
            else:
                result.errors.extend(RowError(line, message) for message in exc.messages)
            if len(result.errors) >= max_errors:
                break
    return result
