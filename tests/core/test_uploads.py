"""Uploads are judged by their content, never by their name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCUMENTS, PROOFS, PrivateUploadTo, sniff, upload_check

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
        (b"GIF89a" + b"\x00" * 10, "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            "odt",
        ),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}), "docx"),
        ("Exercices à faire pour jeudi.\n".encode(), "txt"),
    ],
)
def test_kinds_are_read_from_the_content(data, key):
    assert sniff(io.BytesIO(data)).key == key


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03" + b"\x00" * 60,  # a Windows executable
        b"\x7fELF\x02\x01\x01" + b"\x00" * 20,
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        _zip({"evil.exe": b"MZ"}),
        b"\x00\x01\x02binary",
    ],
)
def test_what_we_do_not_accept_is_not_recognised(data):
    assert sniff(io.BytesIO(data)) is None


def test_an_executable_renamed_pdf_is_refused_in_french():
    upload = SimpleUploadedFile("devoir.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as raised:
        upload_check(upload, allowed=DOCUMENTS, max_bytes=1024 * 1024)
    assert "n'est pas accepté" in str(raised.value) and "PDF" in str(raised.value)


def test_too_large_and_empty_files_are_refused():
    with pytest.raises(ValidationError, match="trop volumineux"):
        upload_check(SimpleUploadedFile("a.pdf", PDF * 100), allowed=PROOFS, max_bytes=100)
    with pytest.raises(ValidationError, match="vide"):
        upload_check(SimpleUploadedFile("a.pdf", b""), allowed=PROOFS, max_bytes=100)


def test_a_good_file_gets_the_extension_of_what_it_is():
    checked = upload_check(
        SimpleUploadedFile("../../Justificatif médecin.png", PDF), allowed=PROOFS, max_bytes=10_000
    )
    assert (checked.kind.key, checked.name, checked.size) == (
        "pdf",
        "Justificatif médecin.pdf",
        len(PDF),
    )


def test_a_type_outside_the_allowed_list_is_refused():
    with pytest.raises(ValidationError):
        upload_check(SimpleUploadedFile("a.txt", b"bonjour"), allowed=PROOFS, max_bytes=1000)


def test_stored_names_are_random_and_keep_no_user_text():
    upload_to = PrivateUploadTo("cahier")
    first, second = upload_to(None, "Mon fichier.pdf"), upload_to(None, "Mon fichier.pdf")
    assert first != second and first.startswith("cahier/") and first.endswith(".pdf")
    assert "fichier" not in first
    assert PrivateUploadTo("cahier") == upload_to
