"""Reading and normalizing rows beside landing them, on two cores.

Normalizing a row (phones, dates, store and guide names, tags) costs about as much Python time
as landing it in the database, and one Python process uses one core. So for a large file a
forked worker process reads and normalizes batch k+1 while this process lands batch k; the two
talk through a pipe, one pickled batch at a time, and the pipe's back-pressure keeps the worker
at most one batch ahead (memory stays flat). Small files, `--dry-run` on small files and
platforms without fork normalize inline: same messages, same order, same results.

The worker never uses the parent's database connection (a kind may give it a read connection
of its own: see Kind.resolve): it is forked after the store/guide directory was read, it
inherits the reader positioned after the header, and it leaves with `os._exit`, so nothing the
parent holds (the SQLite connection, the error-report file, buffered stdout) is flushed or
closed twice. Problems found while normalizing travel with their batch and are written to the
error report by this process, in row order.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress

from privcli.base import config
from privcli.base.errors import PrivcliError
from privcli.base.messages import t
from privcli.imports.land import collapse
from privcli.imports.report import Problem
from privcli.io.headers import hnorm

# (normalized rows collapsed by key, repeated keys, problems found with the row's cells, data
# rows read so far)
Message = tuple[list[tuple], list[tuple[int, str, int]], list[tuple[Problem, list]], int]

WORKER_MIN_ROWS = 50_000  # below this, forking costs more than it saves


class Collector:
    """Stands in for the ProblemSink where rows are normalized."""

    def __init__(self) -> None:
        self.items: list[tuple[Problem, list]] = []

    def add(self, p: Problem, cells: list | None = None) -> None:
        self.items.append((p, cells))  # None: the report reads the row's cells again

    def take(self) -> list[tuple[Problem, list]]:
        items, self.items = self.items, []
        return items


_MAYBE_SKIP = "合总小 \t\r\n\u3000"


def is_total_or_blank(cells: list) -> bool:
    """Blank rows and total rows (合计/总计/小计 in the first non-empty cell) are skipped."""
    for c in cells:
        if c is None:
            continue
        if c.__class__ is str:
            s = c.strip()
            if not s:
                continue
            return s[:2] in ("合计", "总计", "小计")
        return False
    return True


def header_again(cells: list, keys: list[str]) -> bool:
    """The row repeats the header (`keys`: its cells through `hnorm`), as in exports joined by
    hand: every header cell is there again, in its place."""
    if len(cells) < len(keys):
        return False
    return all(not k or hnorm(c) == k for c, k in zip(cells, keys)) and any(keys)


def normalized(
    rows: Iterable[tuple[int, list]],
    normalize: Callable[[int, list], tuple | None],
    ctx,
    batch_size: int,
    resolve: Callable[[list[tuple]], list[tuple]] | None = None,
    resolved: Callable[[], None] | None = None,
    key: str | None = None,
) -> Iterator[Message]:
    """Batches of normalized rows; the last message may hold no rows. `resolve(rows)`, given in
    the worker, completes a collapsed batch from the database (its own read connection), work
    taken off the process that writes; should it fail, land() resolves those rows itself.
    `resolved()` is called at the end (to close that connection). Rows repeating a `key`
    field's value within a batch are merged and warned about here, where their cells are known
    (the error report holds them whole). A row repeating the header is skipped with a
    warning."""

    def done(batch: list[tuple]) -> Message:
        nonlocal resolve
        rows, duplicates = collapse(batch)
        if duplicates and key:
            for row, value, first in duplicates:
                reason = t("imports.duplicate", field=key, first=first)
                ctx.warn(row, key, value, reason, cells=repeat_cells.get(row, []))
        if resolve is not None and rows:
            try:
                rows = resolve(rows)
            except Exception:
                resolve = None  # e.g. cannot open a second connection: the lander does it all
        return rows, duplicates, collector.take(), n

    collector = Collector()
    ctx.sink = collector
    batch: list[tuple] = []
    # the keys of `batch`, and the cells of its rows that repeat one (only those are kept: the
    # cells of every row, kept for a batch, cost a sixth of an import in garbage collection)
    batch_keys: set = set()
    repeat_cells: dict[int, list] = {}
    keys = [hnorm(c) for c in ctx.header.cells]
    # the header's first character: a row starting with it may be the header again
    head = ctx.header.cells[0][:1] if ctx.header.cells else ""
    n = 0
    for rownum, cells in rows:
        c = cells[0] if cells else None
        # the usual row starts with a plain value: neither blank nor a total nor the header
        # again, no need to look
        if not (c.__class__ is str and c and c[0] not in _MAYBE_SKIP and c[0] != head):
            if is_total_or_blank(cells):
                continue
            if header_again(cells, keys):
                ctx.warn(rownum, None, None, t("imports.header_repeated"), cells=[])
                continue
        n += 1
        ctx.cells, ctx.row = cells, rownum
        out = normalize(rownum, cells)
        if out is not None:
            batch.append(out)
            if out[1] in batch_keys:
                repeat_cells[rownum] = cells
            else:
                batch_keys.add(out[1])
            if len(batch) >= batch_size:
                yield done(batch)
                batch, batch_keys, repeat_cells = [], set(), {}
                ctx.sink = collector  # the lander may have warned through ctx meanwhile
    yield done(batch)
    if resolved is not None:
        resolved()


def use_worker(expected_rows: int) -> bool:
    mode = config.import_worker()
    if mode == "off" or not hasattr(os, "fork") or sys.platform != "linux":
        # macOS forks badly under some system frameworks; Windows cannot fork at all
        return False
    if mode == "on":
        return True
    return expected_rows >= WORKER_MIN_ROWS and (os.cpu_count() or 1) > 1


def in_worker(produce: Callable[[], Iterator[Message]]) -> Iterator[Message]:
    """Run `produce` in a forked child and yield its messages here. Closing this generator
    (the import failed or was interrupted) stops the child."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(r)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            out = os.fdopen(w, "wb", buffering=1 << 20)
            try:
                for msg in produce():
                    pickle.dump(("batch", msg), out, protocol=pickle.HIGHEST_PROTOCOL)
                    out.flush()
                pickle.dump(("end", None), out)
                out.flush()
            except BrokenPipeError:
                pass  # the parent stopped listening: it has failed, and rolls back
            except BaseException as e:  # report it to the parent, which raises it
                code = 1
                try:
                    payload = pickle.dumps(("error", e))
                    pickle.loads(payload)
                except Exception:
                    payload = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
                try:
                    out.write(payload)
                    out.flush()
                except OSError:
                    pass
        finally:
            os._exit(code)
    os.close(w)
    inp = os.fdopen(r, "rb", buffering=1 << 20)
    done = False
    try:
        while True:
            try:
                tag, payload = pickle.load(inp)
            except EOFError:
                raise PrivcliError(
                    "the process reading the file ended unexpectedly (out of memory?)",
                    hint="import again with PRIVCLI_IMPORT_WORKER=off to read in one process",
                ) from None
            if tag == "end":
                done = True
                return
            if tag == "error":
                done = True
                raise payload
            yield payload
    finally:
        inp.close()
        if not done:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)  # reaps: its CPU time shows in os.times().children_*
