"""Uploads are bounded by the bytes actually decompressed, whatever the zip headers say."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.roster import siecle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "siecle"


def member(size: int) -> bytes:
    # Random hex: compresses about 2:1, far below the ratio check, like a real export.
    return b"<BEE_ELEVES>" + os.urandom(size // 2).hex().encode() + b"</BEE_ELEVES>"


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_members_summing_over_the_total_limit_are_refused(settings):
    settings.CARTABLE_IMPORT_MAX_BYTES = 20_000
    upload = zipped(*((f"export{i}.xml", member(6_000)) for i in range(5)))
    assert len(upload) < 20_000  # the upload itself is small enough

    with pytest.raises(siecle.RosterFileError) as caught:
        siecle.read_upload("gros.zip", upload)
    assert "décompressé" in caught.value.message


def test_a_member_whose_header_understates_its_size_is_refused(settings):
    settings.CARTABLE_IMPORT_MAX_BYTES = 5_000
    upload = bytearray(zipped(("ElevesSansAdresses.xml", member(50_000))))
    # Write a declared size of 1,000 bytes in the central directory (offset 24 of the entry).
    central = upload.rindex(b"PK\x01\x02")
    upload[central + 24 : central + 28] = (1_000).to_bytes(4, "little")

    with pytest.raises(siecle.RosterFileError):
        siecle.read_upload("menteur.zip", bytes(upload))


def test_the_command_checks_the_size_before_parsing(settings, establishment, monkeypatch):
    settings.CARTABLE_IMPORT_MAX_BYTES = 1_000

    def never(*args, **kwargs):
        raise AssertionError("parsed before the size was checked")

    monkeypatch.setattr(siecle, "parse_upload", never)
    monkeypatch.setattr(siecle, "inspect_upload", never)
    with pytest.raises(CommandError, match="trop volumineux"):
        call_command(
            "import_siecle",
            str(FIXTURES / "ElevesSansAdresses.xml"),
            "--uai",
            establishment.uai,
            stdout=io.StringIO(),
        )
