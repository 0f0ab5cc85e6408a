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

import io
import os
import pickle
import select
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress

from privcli.base import config
from privcli.base.errors import PrivcliError
from privcli.base.messages import heading, t
from privcli.imports.land import collapse
from privcli.imports.report import Problem
from privcli.io.headers import hnorm
from privcli.io.readers import CELL_MAX, ROW_WEIGH, TooLong

# (normalized rows collapsed by key, repeated keys, problems found with the row's cells, data
# rows read so far)
Message = tuple[list[tuple], list[tuple[int, str, int]], list[tuple[Problem, list]], int]

WORKER_MIN_ROWS = 50_000  # below this, forking costs more than it saves
BATCH_CHARS = 16 * 1024 * 1024  # a batch of long rows is cut at this many characters
# The longest the landing side waits for the worker's next message. The worker sends one at
# least every batch of rows it reads, which takes a second or two; its database waits are
# bounded (Orders.resolve). Silence beyond this means something waits for something that will
# not come: the import stops with an error instead of hanging.
WORKER_SILENCE_S = 300.0


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
TOTAL_LABELS = ("合计", "总计", "小计")


def blank_or_total(cells: list) -> int | None:
    """-1 for a blank row; the index of the first non-empty cell when it is a label of a total
    row (合计/总计/小计); None for any other row."""
    for i, c in enumerate(cells):
        if c is None:
            continue
        if c.__class__ is str:
            s = c.strip()
            if not s:
                continue
            return i if s[:2] in TOTAL_LABELS else None
        return None
    return -1


def reject_long_cell(ctx, rownum: int, cells: list, size: int) -> bool:
    """Reject the row if a cell is longer than a spreadsheet cell can be (CELL_MAX), naming
    the first such column; the error report gets the row with those cells cut short. Called
    only for rows longer than ROW_WEIGH characters in all."""
    if size <= CELL_MAX:
        return False
    long = [
        i
        for i, c in enumerate(cells)
        if isinstance(c, str) and (c.__class__ is TooLong or len(c) > CELL_MAX)
    ]
    if not long:
        return False
    marked = {i: cells[i] if cells[i].__class__ is TooLong else TooLong.of(cells[i]) for i in long}
    first = marked[long[0]]
    ctx.cells = [str(marked[i]) + "…" if i in marked else c for i, c in enumerate(cells)]
    reason = f"a cell of {first.size()}: a spreadsheet cell holds at most {CELL_MAX:,} characters"
    ctx.reject_at(rownum, long[0], str(first) + "…", reason + " (Excel's limit)")
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
    *,
    key_field: str | None = None,
    long_rows: dict[int, int] | None = None,
    text_rows: bool = False,
    has_key: Callable[[list], bool] | None = None,
    key_name: str = "key",
) -> Iterator[Message]:
    """Batches of normalized rows; a message may hold no rows (the last one, or one sent after
    `batch_size` rows that all were rejected: its problems and progress). `resolve(rows)`, given
    in the worker, completes a collapsed batch from the database (its own read connection),
    work taken off the process that writes; should it fail, land() resolves those rows itself
    (a PrivcliError from it stops the import). `resolved()` is called at the end (to close that
    connection).

    Rows repeating the `key_field`'s value within a batch are merged and warned about here,
    where their cells are known (the error report holds them whole). A row repeating the header
    (exports joined by hand) is skipped with a warning.

    Row sizes: `long_rows` (row -> characters, from the reader, taken out as rows are read) or,
    for `text_rows` (CSV: every cell a str), the row's joined length. A row with a cell beyond
    CELL_MAX is rejected before it is normalized; a batch is also cut when its rows hold more
    than BATCH_CHARS characters, so memory stays bounded however long the (valid) cells are.

    Blank rows are skipped, and so are total rows: a row whose first non-empty cell says
    合计/总计/小计 and that has no valid key (`has_key(cells)`, e.g. a valid phone for members).
    With a valid key it is a real row whose card number or name happens to read 合计: it is
    normalized like any other, with a warning naming `key_name`."""

    def done(batch: list[tuple]) -> Message:
        nonlocal resolve, mark
        mark = n
        rows, duplicates = collapse(batch)
        if duplicates and key_field:
            shown = heading(key_field)  # the field as people read it, once per batch
            for row, value, first in duplicates:
                reason = t("imports.duplicate", field=shown, first=first)
                ctx.warn(row, key_field, value, reason, cells=repeat_cells.get(row, []))
        if resolve is not None and rows:
            try:
                rows = resolve(rows)
            except PrivcliError:
                raise
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
    n = mark = 0  # data rows read; and when the last message was sent
    weight = 0  # characters in the batch's long rows (rows of ROW_WEIGH or fewer: 20 MB at most)
    cut = batch_size  # 0 once the batch is heavy enough: it leaves after this row
    join, weigh, heavy = "".join, ROW_WEIGH, BATCH_CHARS
    for rownum, cells in rows:
        if text_rows:
            size = len(join(cells))
        elif long_rows:
            size = long_rows.pop(rownum, 0)
        else:
            size = 0
        c = cells[0] if cells else None
        # the usual row starts with a plain value: neither blank nor a total nor the header
        # again, no need to look
        if not (c.__class__ is str and c and c[0] not in _MAYBE_SKIP and c[0] != head):
            label = blank_or_total(cells)
            if label is not None:
                if label < 0 or has_key is None or not has_key(cells):
                    continue  # blank, or a total row: skipped without a word
                ctx.cells = cells
                text = cells[label].strip()
                ctx.warn_at(
                    rownum, label, text, t("imports.total_like", start=text[:2], column=key_name)
                )
            elif header_again(cells, keys):
                ctx.warn(rownum, None, None, t("imports.header_repeated"), cells=[])
                continue
        n += 1
        ctx.cells, ctx.row = cells, rownum
        if size <= weigh:
            out = normalize(rownum, cells)
        elif reject_long_cell(ctx, rownum, cells, size):
            out = None
        else:
            weight += size
            if weight > heavy:
                cut = 0
            out = normalize(rownum, cells)
        if out is not None:
            batch.append(out)
            if out[1] in batch_keys:
                repeat_cells[rownum] = cells
            else:
                batch_keys.add(out[1])
            if len(batch) >= cut:
                yield done(batch)
                batch, batch_keys, repeat_cells = [], set(), {}
                weight, cut = 0, batch_size
                ctx.sink = collector  # the lander may have warned through ctx meanwhile
        elif n - mark >= batch_size:
            # rows rejected one after another: their problems leave now (memory stays flat),
            # and the landing side hears from the worker (see in_worker's time limit)
            mark = n
            yield [], [], collector.take(), n
            ctx.sink = collector
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


class _Pipe(io.RawIOBase):
    """The read end of the worker's pipe; a read that waits longer than `timeout` seconds
    raises a PrivcliError (an unbounded wait here once hid a deadlock between the two sides)."""

    def __init__(self, fd: int, timeout: float):
        self.fd, self.timeout = fd, timeout
        self.poll = select.poll()
        self.poll.register(fd, select.POLLIN)

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def readinto(self, b) -> int:
        if not self.poll.poll(self.timeout * 1000):
            raise PrivcliError(
                t("imports.worker_silent", seconds=f"{self.timeout:g}"),
                hint=t("imports.worker_off_hint"),
            )
        return os.readv(self.fd, [b])

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def _die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this worker when its parent dies. Killed itself (SIGKILL from
    an operator or a timeout), the parent cannot stop the worker; a worker that then waits
    (for a database lock, say) would outlive it, and with it the parent's database connection,
    inherited at fork: the killed import's transaction would stay open, holding its locks.
    (The signal follows the thread that forked: the one running the import, which outlives
    the worker.)"""
    with suppress(Exception):  # best effort: Linux only, as the worker is
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)


def in_worker(
    produce: Callable[[], Iterator[Message]], forked: Callable[[], None] | None = None
) -> Iterator[Message]:
    """Run `produce` in a forked child and yield its messages here. Closing this generator
    (the import failed or was interrupted) stops the child; so does the parent's death.
    `forked()` runs here once the child exists (to let go of what only the child uses now,
    such as the reader's shared strings)."""
    r, w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            _die_with_parent(parent)
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
    if forked is not None:
        forked()
    inp = io.BufferedReader(_Pipe(r, WORKER_SILENCE_S), 1 << 20)
    done = False
    try:
        while True:
            try:
                tag, payload = pickle.load(inp)
            except EOFError:
                raise PrivcliError(
                    t("imports.worker_died"), hint=t("imports.worker_off_hint")
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
