"""Where the spreadsheet writers put their bytes: a file that appears only when it is complete, or
standard output.

A file is written under a hidden temporary name beside its destination and renamed over it when
the writer closes (os.replace, atomic on one file system): a reader never sees half a file, a
failed or interrupted export leaves the previous file as it was, and a file holding personal data
(`private`) is created readable by its owner only (0600) from its first byte, so it is never
briefly world-readable, not even when it replaces an older, readable file of the same name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
from pathlib import Path
from typing import BinaryIO

from privcli.base.errors import PrivcliError
from privcli.base.messages import t

STDOUT = "-"


def is_stdout(path: str | Path) -> bool:
    return str(path) == STDOUT


class Target:
    """An output file being written: `stream` (binary), then `commit()` or `discard()`."""

    stream: BinaryIO
    path: Path

    def commit(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def discard(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class AtomicFile(Target):
    """A file written beside `dest` under a temporary name and renamed into place by commit()."""

    def __init__(self, dest: str | Path, *, private: bool = False):
        self.path = Path(dest)
        self.private = private
        # 0666 or 0600, less the umask, as open() would: os.open applies the umask itself
        mode = 0o600 if private else 0o666
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
            try:
                fd = os.open(tmp, flags, mode)
                break
            except FileExistsError:  # pragma: no cover - 32 random bits
                continue
            except OSError as e:
                raise _cannot_write(self.path, e) from None
        self.tmp = tmp
        self.stream = os.fdopen(fd, "wb")
        self._done = False

    def commit(self) -> None:
        if self._done:
            return
        try:
            self.stream.close()
            os.replace(self.tmp, self.path)
        except OSError as e:
            self.discard()
            raise _cannot_write(self.path, e) from None
        self._done = True

    def discard(self) -> None:
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            self.stream.close()
        self.tmp.unlink(missing_ok=True)


class Stdout(Target):
    """Standard output (`-`): bytes go to it as they come; nothing to rename or remove."""

    def __init__(self) -> None:
        self.path = Path(STDOUT)
        self.stream = _StdoutStream(sys.stdout)

    def commit(self) -> None:
        self.stream.flush()

    def discard(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.flush()


class _StdoutStream:
    """sys.stdout's binary buffer (what sys.stdout is when the writer opens: test runners swap
    it), flushed but never closed by the writer."""

    def __init__(self, text_stream) -> None:
        text_stream.flush()
        self._raw = getattr(text_stream, "buffer", None)
        self._text = text_stream if self._raw is None else None
        self.closed = False

    def write(self, data: bytes) -> int:
        if self._raw is not None:
            return self._raw.write(data)
        return self._text.write(data.decode("utf-8"))

    def flush(self) -> None:
        (self._raw or self._text).flush()

    def close(self) -> None:
        self.flush()
        self.closed = True

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False


def open_target(path: str | Path, *, private: bool = False) -> Target:
    """The destination of a writer: standard output for `-`, else an atomic file."""
    return Stdout() if is_stdout(path) else AtomicFile(path, private=private)


def install(src: Path, dest: Path, *, private: bool = False) -> None:
    """Move a finished file (e.g. a temporary report) to `dest` the same way: through a
    temporary file beside `dest`, created 0600 when `private`, renamed into place. A source that
    is already the owner's only (mkstemp's) and on the same file system is simply renamed."""
    src, dest = Path(src), Path(dest)
    if private and not src.stat().st_mode & 0o077:
        # another file system (EXDEV) or an unwritable dest fails: then the copy below
        with contextlib.suppress(OSError):
            os.replace(src, dest)
            return
    target = AtomicFile(dest, private=private)
    try:
        with open(src, "rb") as f:
            shutil.copyfileobj(f, target.stream, 1 << 20)
    except BaseException:
        target.discard()
        raise
    target.commit()
    src.unlink(missing_ok=True)


def _cannot_write(path: Path, e: OSError) -> PrivcliError:
    return PrivcliError(
        t("io.cannot_write", path=path, reason=e.strerror or str(e)),
        hint=t("io.cannot_write_hint"),
    )
