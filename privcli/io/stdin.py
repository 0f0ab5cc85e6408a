"""`privcli import KIND -`: the spreadsheet on standard input, spooled to a file first.

The import engine needs a real file: the worker process that normalizes rows reads it on its
own, the import log records its sha256, and the reader sniffs its encoding and format. So the
input is copied (a megabyte at a time: memory stays flat) into a private temporary folder
(0700), as `stdin.csv` (or `stdin.xlsx` when the bytes are a zip package, i.e. an .xlsx), and the
folder is removed when the import ends, whatever happens. The import log and the error report
name it `stdin`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from privcli.base.errors import PrivcliError, UsageError
from privcli.base.messages import t

_ZIP_MAGIC = b"PK\x03\x04"


@contextmanager
def spooled_stdin() -> Iterator[Path]:
    """Standard input copied to a temporary file; yields its path."""
    stream = sys.stdin
    if stream is None or stream.isatty():
        raise UsageError(t("io.stdin_is_terminal"), hint=t("io.stdin_is_terminal_hint"))
    source = getattr(stream, "buffer", None)
    folder = Path(tempfile.mkdtemp(prefix="privcli-stdin-"))
    try:
        # (a text stream without bytes underneath: an embedding's stdin)
        first = source.read(1 << 16) if source is not None else stream.read(1 << 16).encode("utf-8")
        path = folder / ("stdin.xlsx" if first.startswith(_ZIP_MAGIC) else "stdin.csv")
        with open(path, "wb") as f:
            f.write(first)
            if source is None:
                while chunk := stream.read(1 << 20):
                    f.write(chunk.encode("utf-8"))
            else:
                shutil.copyfileobj(source, f, 1 << 20)
        if not first:
            raise PrivcliError(t("io.stdin_empty"), hint=t("io.stdin_is_terminal_hint"))
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
