"""Files the portal writes for a few people only (letters with temporary passwords, bulletins):
outside MEDIA_ROOT, never served directly, created exclusively and readable by the portal alone,
removed when their writing fails."""

from __future__ import annotations

import datetime
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def private_file_create(directory: Path, prefix: str) -> Iterator[tuple[Path, BinaryIO]]:
    """``(path, stream)`` of a new ``<prefix>-<random>.pdf`` in ``directory`` (made 0700), the
    file created 0600 and exclusively; deleted again if the block raises."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"{prefix}-{secrets.token_hex(8)}.pdf"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield path, stream
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def private_file_found(directory: Path, name: str) -> Path | None:
    """The file ``name`` of ``directory`` if it is still there."""
    if not name:
        return None
    path = directory / name
    return path if path.is_file() else None


def private_files_older_delete(directory: Path, age: datetime.timedelta) -> int:
    """Deletes the PDFs of ``directory`` written more than ``age`` ago (the files a job wrote
    before failing to record them, which no row names)."""
    if not directory.is_dir():
        return 0
    limit = time.time() - age.total_seconds()
    deleted = 0
    for path in directory.glob("*.pdf"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
