import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from safeguard.lib.tabular import TableError, csv_rows, csv_safe, read_table, validate_table
from safeguard.lib.uploads import DOCX, ODT, PDF, sniff, validate_document

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(data: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_pdf_is_recognised_by_its_content_whatever_its_name() -> None:
    assert validate_document(upload(MINIMAL_PDF, "statutes.txt")) is PDF


@pytest.mark.parametrize(
    "head",
    [b"\xff\xd8\xff\xe0JFIF", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\x00\x00\x00\x18ftypmp42", b"\x1aE\xdf\xa3"],
)
def test_images_and_video_are_refused_even_named_pdf(head: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_document(upload(head + b"\x00" * 100, "report.pdf"))
    assert caught.value.code == "media"


def test_a_renamed_text_file_is_not_a_pdf() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_document(upload(b"hello", "report.pdf"))
    assert caught.value.code == "type"


def test_size_and_emptiness_are_checked() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_document(upload(MINIMAL_PDF), max_bytes=10)
    assert caught.value.code == "too_large"
    with pytest.raises(ValidationError) as caught:
        validate_document(upload(b""))
    assert caught.value.code == "empty"


def test_office_documents_are_told_apart_by_their_parts() -> None:
    assert sniff(upload(zipped({"word/document.xml": b"<w/>"}), "a.docx")) is DOCX
    assert sniff(upload(zipped({"mimetype": ODT.content_type.encode()}), "a.odt")) is ODT
    assert sniff(upload(zipped({"other.txt": b"x"}), "a.docx")) is None
    with pytest.raises(ValidationError):
        validate_document(upload(zipped({"word/document.xml": b"<w/>"})), kinds=(PDF,))


def test_formulas_are_made_inert_in_csv_output() -> None:
    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_safe("-1+1") == "'-1+1"
    assert csv_safe("Kenya") == "Kenya"
    assert csv_safe(3) == 3
    text = "".join(csv_rows(["name"], [["@SUM(A1)"]]))
    assert text == "\ufeffname\r\n'@SUM(A1)\r\n"


def test_csv_rows_carry_their_line_numbers_and_required_columns_are_checked() -> None:
    data = b'name,country\nA,KE\n"B\nC",PE\nD,TH\n'
    assert [line for line, _ in read_table(data, required=["name"])] == [2, 4, 5]
    with pytest.raises(TableError):
        list(read_table(data, required=["email"]))
    with pytest.raises(TableError):
        list(read_table(b"name\n"))
    with pytest.raises(TableError):
        list(read_table("name\nÉ\n".encode("latin-1")))


def test_xlsx_is_read_like_csv() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "count"])
    sheet.append(["A", 3])
    sheet.append([None, None])
    sheet.append(["B", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(read_table(buffer.getvalue(), required=["count"]))
    assert rows == [(2, {"name": "A", "count": "3"}), (4, {"name": "B", "count": "4"})]


def test_validation_collects_every_bad_row_and_writes_nothing() -> None:
    def row(values: dict[str, str]) -> int:
        if not values["n"].isdigit():
            raise ValidationError({"n": ["not a number"]})
        return int(values["n"])

    result = validate_table(read_table(b"n\n1\nx\n3\ny\n"), row)
    assert not result.is_clean
    assert [(e.line, e.column) for e in result.errors] == [(3, "n"), (5, "n")]
    assert result.rows == [(2, 1), (4, 3)]
    assert str(result.errors[0]) == "line 3, n: not a number"
