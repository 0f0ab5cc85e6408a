"""Executing transfer batches through WeCom: `privcli transfer ... --push`, `transfer push
BATCH`, `transfer status BATCH`.

A batch lands locally first (privcli.transfer); pushing sends its moves to WeCom, 100 customers
per call, grouped by (API, handover, takeover): resigned/transfer_customer for a departed
guide's customers, transfer_customer for a reassigned guide's and for undos.

Never twice: the push writes ahead. Before a call, its chunk is recorded as `sending` (and
committed); after the answer, each customer's result is recorded and the chunk is `done`. A
push that stops in between (Ctrl-C, a crash, WeCom unreachable after the retries) leaves the
chunk `sending`; the next push first asks transfer_result which of its customers WeCom took,
and sends again only the others. A call WeCom refused as a whole (an errcode) took nobody:
its customers go back in the queue. Per-customer errcodes become each member's status.

Statuses in owner_log.wecom_status: not_sent (waiting), not_linked (no external_userid: moved
locally only), over_limit (WeCom's 2-per-90-days rule reached by now: never sent), cancelled
(a batch undone before it was pushed, and that undo), failed (errcode kept), pending (WeCom
accepted; the customer has 24 h to refuse), accepted, refused, receiver_full.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from privcli.base import config, events
from privcli.base.db import Database
from privcli.base.errors import NotFound
from privcli.base.messages import t
from privcli.base.output import Document, Listing, Record
from privcli.base.pii import mask_phone
from privcli.transfer.plan import frequency_skips
from privcli.wecom.client import WecomClient, WecomError, explain, open_client
from privcli.wecom.contacts import USERID
from privcli.wecom.settings import load

CHUNK = 100
API = {
    "resigned": "externalcontact/resigned/transfer_customer",
    "in_service": "externalcontact/transfer_customer",
}
RESULT_API = {
    "resigned": "externalcontact/resigned/transfer_result",
    "in_service": "externalcontact/transfer_result",
}
STATUS = {1: "accepted", 2: "pending", 3: "refused", 4: "receiver_full"}
# per-customer errcodes worth another try in the same run
ITEM_RETRY = frozenset({-1, 6000, 45009})
ITEM_ATTEMPTS = 3
# errcodes of a whole call that concern only its handover/takeover pair: its customers fail,
# the push goes on with the other pairs
PAIR_CODES = frozenset({40096, 40097, 40098, 40099, 40130, 40131, 40143, 60011, 60111, 41035})


@dataclass
class PushResult:
    batch: int
    counts: Counter = field(default_factory=Counter)
    stopped: WecomError | None = None
    sent: int = 0
    calls: int = 0


def _batch(db: Database, batch_id: int) -> dict:
    b = db.one(
        "SELECT id, kind, undo_of, undone_by FROM transfer_batch WHERE id = :id", {"id": batch_id}
    )
    if b is None:
        raise NotFound(t("wecom.no_batch", batch=batch_id), hint=t("transfer.log_hint"))
    return b


def _set_status(db: Database, status: str, where: str, params: dict) -> int:
    return db.execute(
        f"UPDATE owner_log SET wecom_status = :status, wecom_checked_at = :now WHERE {where}",
        {**params, "status": status, "now": config.now()},
    ).rowcount


def prepare(db: Database, batch_id: int, today=None) -> Counter:
    """Decide, in one transaction, what of the batch is to be sent: cancel what an undo made
    moot, mark members without an external_userid and members over WeCom's limit, queue the
    rest (wecom_transfer_items). Idempotent: a second push queues nothing twice."""
    today = today or config.today()
    out: Counter = Counter()
    with db.transaction():
        b = _batch(db, batch_id)
        p = {"b": batch_id}
        if b["kind"] == "transfer" and b["undone_by"] is not None:
            # undone before being pushed: neither the move nor its undo goes to WeCom
            p["u"] = b["undone_by"]
            out["cancelled"] += _set_status(
                db,
                "cancelled",
                "wecom_status = 'not_sent' AND ((batch_id = :b AND member_id IN (SELECT member_id"
                " FROM owner_log WHERE batch_id = :u)) OR (batch_id = :u AND member_id IN"
                " (SELECT member_id FROM owner_log WHERE batch_id = :b AND wecom_status IN"
                " ('not_sent', 'cancelled', 'not_linked', 'over_limit', 'failed'))))",
                p,
            )
        if b["kind"] == "undo":
            p["o"] = b["undo_of"]
            out["cancelled"] += _set_status(
                db,
                "cancelled",
                "batch_id = :b AND wecom_status = 'not_sent' AND member_id IN (SELECT member_id"
                " FROM owner_log WHERE batch_id = :o AND wecom_status IN ('not_sent',"
                " 'cancelled', 'not_linked', 'over_limit', 'failed'))",
                p,
            )
            _set_status(
                db,
                "cancelled",
                "batch_id = :o AND wecom_status = 'not_sent' AND member_id IN (SELECT member_id"
                " FROM owner_log WHERE batch_id = :b AND wecom_status = 'cancelled')",
                p,
            )
        waiting = (
            "SELECT l.id FROM owner_log l LEFT JOIN wecom_transfer_items i ON i.log_id = l.id"
            " WHERE l.batch_id = :b AND l.wecom_status = 'not_sent' AND i.log_id IS NULL"
        )
        out["not_linked"] += _set_status(
            db,
            "not_linked",
            f"id IN ({waiting}) AND member_id IN (SELECT id FROM members"
            " WHERE COALESCE(external_userid, '') = '')",
            p,
        )
        at_limit = frequency_skips(
            db, today, f"SELECT l.member_id FROM owner_log l WHERE l.id IN ({waiting})", p
        )
        if at_limit:
            out["over_limit"] += _set_status(
                db,
                "over_limit",
                f"id IN ({waiting}) AND {db.in_list('member_id', 'ids')}",
                {**p, "ids": db.list_param(at_limit)},
            )
        db.execute(
            "INSERT INTO wecom_transfer_items (log_id, batch_id, member_id, external_userid, api,"
            " handover_userid, takeover_userid, attempts)"
            " SELECT l.id, l.batch_id, l.member_id, m.external_userid,"
            " CASE WHEN l.reason = 'resigned' THEN 'resigned' ELSE 'in_service' END,"
            f" {USERID.replace('g.', 'f.')}, {USERID.replace('g.', 'tg.')}, 0"
            " FROM owner_log l JOIN members m ON m.id = l.member_id"
            " JOIN guides f ON f.id = l.from_guide_id JOIN guides tg ON tg.id = l.to_guide_id"
            f" WHERE l.id IN ({waiting})",
            p,
        )
        out["queued"] = db.scalar(
            "SELECT COUNT(*) FROM wecom_transfer_items i JOIN owner_log l ON l.id = i.log_id"
            " WHERE i.batch_id = :b AND i.chunk_id IS NULL AND l.wecom_status = 'not_sent'",
            p,
        )
    return out


def _result_pages(client: WecomClient, api: str, handover: str, takeover: str) -> dict[str, dict]:
    """external_userid → {status, takeover_time} for one pair, every page."""
    out = {}
    body = {"handover_userid": handover, "takeover_userid": takeover}
    for page in client.pages(RESULT_API[api], body):
        for c in page.get("customer") or ():
            out[c["external_userid"]] = c
    return out


def _when(epoch) -> datetime | None:
    if not epoch:
        return None
    return datetime.fromtimestamp(int(epoch), config.business_tz()).replace(tzinfo=None)


def reconcile(db: Database, client: WecomClient, batch_id: int) -> int:
    """Chunks left `sending` by an interrupted push: what WeCom took is recorded from
    transfer_result, the rest goes back in the queue. Returns the customers found taken."""
    found = 0
    chunks = db.query(
        "SELECT id, api, handover_userid, takeover_userid FROM wecom_transfer_chunks"
        " WHERE batch_id = :b AND state = 'sending' ORDER BY id",
        {"b": batch_id},
    )
    for ch in chunks:
        taken = _result_pages(client, ch["api"], ch["handover_userid"], ch["takeover_userid"])
        items = db.execute(
            "SELECT log_id, external_userid FROM wecom_transfer_items WHERE chunk_id = :c",
            {"c": ch["id"]},
        ).fetchall()
        with db.transaction():
            results = [(lid, 0) for lid, ext in items if ext in taken]
            found += len(results)
            _record(db, results, {ext: taken[ext] for _, ext in items if ext in taken})
            _requeue(db, [lid for lid, ext in items if ext not in taken])
            _chunk_state(db, ch["id"], "reconciled")
    return found


def _chunk_state(db: Database, chunk: int, state: str) -> None:
    db.execute(
        "UPDATE wecom_transfer_chunks SET state = :s, done_at = :now WHERE id = :id",
        {"s": state, "now": config.now(), "id": chunk},
    )


def _requeue(db: Database, log_ids: list[int]) -> None:
    if log_ids:
        db.execute(
            "UPDATE wecom_transfer_items SET chunk_id = NULL WHERE " + db.in_list("log_id", "ids"),
            {"ids": db.list_param(log_ids)},
        )


def _record(db: Database, results: list[tuple[int, int]], found: dict | None = None) -> None:
    """Per-customer results: (log_id, errcode); errcode 0 means WeCom accepted (pending, or the
    status transfer_result gave)."""
    now = config.now()
    ok = [lid for lid, code in results if code == 0]
    if ok:
        db.execute(
            "UPDATE owner_log SET wecom_status = 'pending', wecom_checked_at = :now WHERE "
            + db.in_list("id", "ids"),
            {"now": now, "ids": db.list_param(ok)},
        )
        db.execute(
            "UPDATE wecom_transfer_items SET errcode = 0, result_status = 2 WHERE "
            + db.in_list("log_id", "ids"),
            {"ids": db.list_param(ok)},
        )
    bad = [(code, lid) for lid, code in results if code != 0]
    if bad:
        db.executemany(
            f"UPDATE wecom_transfer_items SET errcode = {db.ph} WHERE log_id = {db.ph}", bad
        )
        db.executemany(
            f"UPDATE owner_log SET wecom_status = 'failed', wecom_checked_at = {db.ph}"
            f" WHERE id = {db.ph}",
            [(now, lid) for _, lid in bad],
        )


def _queue(db: Database, batch_id: int) -> dict[tuple[str, str, str], list[tuple[int, str]]]:
    groups: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    rows = db.execute(
        "SELECT i.api, i.handover_userid, i.takeover_userid, i.log_id, i.external_userid"
        " FROM wecom_transfer_items i JOIN owner_log l ON l.id = i.log_id"
        " WHERE i.batch_id = :b AND i.chunk_id IS NULL AND l.wecom_status = 'not_sent'"
        f" AND i.attempts < {ITEM_ATTEMPTS}"
        " ORDER BY i.api, i.handover_userid, i.takeover_userid, i.log_id",
        {"b": batch_id},
    ).fetchall()
    for api, handover, takeover, lid, ext in rows:
        groups[(api, handover, takeover)].append((lid, ext))
    return groups


def _send_chunk(db, client, batch_id, pair, chunk, result: PushResult) -> list[int]:
    """One call for up to 100 customers of one pair; returns the log ids to try again."""
    api, handover, takeover = pair
    ids = [lid for lid, _ in chunk]
    with db.transaction():
        chunk_id = db.scalar(
            "INSERT INTO wecom_transfer_chunks (batch_id, api, handover_userid, takeover_userid,"
            " state, created_at) VALUES (:b, :api, :h, :t, 'sending', :now) RETURNING id",
            {"b": batch_id, "api": api, "h": handover, "t": takeover, "now": config.now()},
        )
        db.execute(
            "UPDATE wecom_transfer_items SET chunk_id = :c, attempts = attempts + 1, sent_at = :now"
            " WHERE " + db.in_list("log_id", "ids"),
            {"c": chunk_id, "now": config.now(), "ids": db.list_param(ids)},
        )
    body = {
        "handover_userid": handover,
        "takeover_userid": takeover,
        "external_userid": [ext for _, ext in chunk],
    }
    try:
        data = client.post(API[api], body, once=True)
    except WecomError as e:
        if e.errcode is None:
            # the answer was lost: ask WeCom what it took (if that fails too, the chunk stays
            # `sending` and the next push reconciles it)
            taken = _result_pages(client, api, handover, takeover)
            data = {"customer": [{"external_userid": ext, "errcode": 0 if ext in taken else -1}
                                 for _, ext in chunk]}  # fmt: skip
            result.counts["reconciled"] += sum(1 for _, ext in chunk if ext in taken)
        else:
            return _refused_chunk(db, chunk_id, ids, e, result)
    return _answered_chunk(db, client, pair, chunk, chunk_id, data, result)


def _refused_chunk(db, chunk_id, ids, e: WecomError, result: PushResult) -> list[int]:
    """WeCom refused the whole call (an errcode): nobody in it was taken. An errcode about the
    pair fails its customers; any other stops the push (they go back in the queue)."""
    with db.transaction():
        if e.errcode in PAIR_CODES:
            _record(db, [(lid, e.errcode) for lid in ids])
            result.counts["failed"] += len(ids)
        else:
            _requeue(db, ids)
        _chunk_state(db, chunk_id, "refused")
    if e.errcode in PAIR_CODES:
        return []
    raise e


def _answered_chunk(db, client, pair, chunk, chunk_id, data, result: PushResult) -> list[int]:
    """Record WeCom's per-customer answer; returns the log ids to try again."""
    api, handover, takeover = pair
    by_ext = {
        c.get("external_userid"): int(c.get("errcode") or 0) for c in data.get("customer") or ()
    }
    if any(ext not in by_ext for _, ext in chunk):
        # an answer without every customer's result: ask WeCom which it took
        taken = _result_pages(client, api, handover, takeover)
        by_ext.update({ext: 0 if ext in taken else -1 for _, ext in chunk if ext not in by_ext})
    results, again = [], []
    for lid, ext in chunk:
        code = by_ext[ext]
        if code in ITEM_RETRY:
            again.append(lid)
        else:
            results.append((lid, code))
    with db.transaction():
        _record(db, results)
        _requeue(db, again)
        _chunk_state(db, chunk_id, "done")
    result.sent += sum(1 for _, code in results if code == 0)
    result.counts["pending"] += sum(1 for _, code in results if code == 0)
    result.counts["failed"] += sum(1 for _, code in results if code != 0)
    return again


def push(db: Database, client: WecomClient, batch_id: int) -> PushResult:
    """Send what the batch has not sent yet; see the module docstring."""
    result = PushResult(batch_id)
    prepared = prepare(db, batch_id)
    for k in ("cancelled", "not_linked", "over_limit"):
        result.counts[k] += prepared[k]
    try:
        result.counts["reconciled"] += reconcile(db, client, batch_id)
        while groups := _queue(db, batch_id):
            again = 0
            for pair, items in groups.items():
                for i in range(0, len(items), CHUNK):
                    again += len(
                        _send_chunk(db, client, batch_id, pair, items[i : i + CHUNK], result)
                    )
            if not again:
                break
    except WecomError as e:
        result.stopped = e
    with db.transaction():
        # what kept failing with a transient errcode after ITEM_ATTEMPTS tries
        db.execute(
            "UPDATE owner_log SET wecom_status = 'failed', wecom_checked_at = :now WHERE id IN"
            " (SELECT log_id FROM wecom_transfer_items WHERE batch_id = :b AND chunk_id IS NULL"
            f" AND attempts >= {ITEM_ATTEMPTS}) AND wecom_status = 'not_sent'",
            {"b": batch_id, "now": config.now()},
        )
    result.calls = client.calls
    return result


def batch_counts(db: Database, batch_id: int) -> dict[str, int]:
    return dict(
        db.execute(
            "SELECT COALESCE(wecom_status, 'local'), COUNT(*) FROM owner_log WHERE batch_id = :b"
            " GROUP BY COALESCE(wecom_status, 'local') ORDER BY 1",
            {"b": batch_id},
        ).fetchall()
    )


def _failed_rows(db: Database, batch_id: int) -> list[list]:
    rows = db.execute(
        "SELECT m.phone, f.code, tg.code, i.errcode FROM wecom_transfer_items i"
        " JOIN owner_log l ON l.id = i.log_id JOIN members m ON m.id = i.member_id"
        " LEFT JOIN guides f ON f.id = l.from_guide_id LEFT JOIN guides tg ON tg.id = l.to_guide_id"
        " WHERE i.batch_id = :b AND l.wecom_status = 'failed' ORDER BY i.errcode, l.id",
        {"b": batch_id},
    ).fetchall()
    return [[p, f, to, code, explain(code, "").message if code else ""] for p, f, to, code in rows]


SHOWN = 20


def push_document(db: Database, result: PushResult, *, show_pii: bool = False) -> Document:
    counts = batch_counts(db, result.batch)
    failed = _failed_rows(db, result.batch)
    notes = []
    for r in failed[:SHOWN]:
        phone = r[0] if show_pii else mask_phone(r[0])
        notes.append(t("wecom.push_failed_line", phone=phone, frm=r[1], to=r[2], message=r[4]))
    if len(failed) > SHOWN:
        notes.append(t("wecom.more_lines", n=len(failed) - SHOWN, batch=result.batch))
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    notes.append(t("wecom.push_summary", batch=result.batch, sent=result.sent, summary=summary))
    if result.stopped is not None:
        notes.append(t("wecom.push_stopped", error=result.stopped.message, batch=result.batch))
    waiting = counts.get("not_sent", 0)
    return Document(
        [
            ("wecom", Record({"batch": result.batch, "sent": result.sent, **counts})),
            (
                "failed",
                Listing(
                    ["phone", "from", "to", "errcode", "message"],
                    failed,
                    pii={"phone": "phone"},
                    detail=True,
                ),
            ),
        ],
        meta={
            "batch": result.batch,
            "sent": result.sent,
            "calls": result.calls,
            "stopped": result.stopped.message if result.stopped else None,
        },  # fmt: skip
        notes=notes,
        partial=bool(result.stopped or failed or waiting or counts.get("over_limit")),
    )


# -- transfer status ----------------------------------------------------------------------------
def status(db: Database, client: WecomClient, batch_id: int) -> dict:
    """Poll transfer_result to the last page for each pair of the batch that has customers
    pending, update each member's status, and apply refusals: a departed guide's customer who
    refuses is left without a guide (as in WeCom), a reassigned customer who refuses stays with
    the guide who handed over. Polling first, then one transaction."""
    _batch(db, batch_id)
    pairs = db.execute(
        "SELECT DISTINCT i.api, i.handover_userid, i.takeover_userid FROM wecom_transfer_items i"
        " JOIN owner_log l ON l.id = i.log_id WHERE i.batch_id = :b AND l.wecom_status = 'pending'",
        {"b": batch_id},
    ).fetchall()
    found: dict[tuple[str, str], dict] = {}
    for api, handover, takeover in pairs:
        for ext, c in _result_pages(client, api, handover, takeover).items():
            found[(api, ext)] = c
    changes = Counter()
    refused: list[tuple[int, int | None, int | None]] = []
    now = config.now()
    with db.transaction():
        items = db.execute(
            "SELECT i.log_id, i.api, i.external_userid, l.member_id, l.from_guide_id,"
            " l.to_guide_id, m.guide_id FROM wecom_transfer_items i"
            " JOIN owner_log l ON l.id = i.log_id JOIN members m ON m.id = l.member_id"
            " WHERE i.batch_id = :b AND l.wecom_status = 'pending'",
            {"b": batch_id},
        ).fetchall()
        updates = []
        for lid, api, ext, mid, frm, to, current in items:
            c = found.get((api, ext))
            if c is None:
                continue
            code = int(c.get("status") or 0)
            st = STATUS.get(code, "failed")
            updates.append((st, now, lid, code, _when(c.get("takeover_time"))))
            changes[st] += 1
            if st == "refused" and current == to:
                refused.append((mid, to, None if api == "resigned" else frm))
        db.executemany(
            f"UPDATE owner_log SET wecom_status = {db.ph}, wecom_checked_at = {db.ph} WHERE id = {db.ph}",
            [u[:3] for u in updates],
        )
        db.executemany(
            f"UPDATE wecom_transfer_items SET result_status = {db.ph}, takeover_at = {db.ph},"
            f" checked_at = {db.ph} WHERE log_id = {db.ph}",
            [(u[3], u[4], now, u[2]) for u in updates],
        )
        if refused:
            db.executemany(
                f"UPDATE members SET guide_id = {db.ph}, updated_at = {db.ph} WHERE id = {db.ph}",
                [(back, now, mid) for mid, _, back in refused],
            )
            events.stage_owner_changes(db, refused)
            events.publish(
                db, events.OWNER_CHANGED, source="wecom", at=now, batch_id=batch_id, import_id=None
            )
    return {"changes": changes, "refused": refused, "calls": client.calls}


def status_document(
    db: Database, batch_id: int, polled: dict, *, show_pii: bool = False
) -> Document:
    counts = batch_counts(db, batch_id)
    refused = polled["refused"]
    phones = {}
    if refused:
        phones = dict(
            db.execute(
                "SELECT id, phone FROM members WHERE " + db.in_list("id", "ids"),
                {"ids": db.list_param([r[0] for r in refused])},
            ).fetchall()
        )
    codes = dict(db.execute("SELECT id, code FROM guides").fetchall()) if refused else {}
    rows = [
        [phones.get(mid), codes.get(to), codes.get(back) if back else None]
        for mid, to, back in refused
    ]
    notes = []
    for phone, to, back in rows[:SHOWN]:
        p = phone if show_pii else mask_phone(phone)
        notes.append(
            t("wecom.refused_back", phone=p, to=to, back=back)
            if back
            else t("wecom.refused_unassigned", phone=p, to=to)
        )
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    notes.append(t("wecom.status_summary", batch=batch_id, summary=summary))
    return Document(
        [
            ("wecom", Record({"batch": batch_id, **counts})),
            (
                "refused",
                Listing(
                    ["phone", "refused_guide", "now_with"],
                    rows,
                    pii={"phone": "phone"},
                    detail=True,
                ),
            ),
        ],
        meta={"batch": batch_id, "calls": polled["calls"]},
        notes=notes,
        partial=bool(refused),
    )


class TransferPush:
    """The `transfer.push` service (privcli.base.capability): what `privcli transfer ...
    --push` calls, without the transfer engine knowing WeCom's code."""

    @staticmethod
    def check() -> None:
        """Refuse --push before anything moves when WeCom is not configured."""
        load().require("corp_id", "contact_secret")

    @staticmethod
    def push(db: Database, batch_id: int, *, show_pii: bool = False) -> Document:
        """Push the batch that just landed."""
        with open_client() as client:
            result = push(db, client, batch_id)
        return push_document(db, result, show_pii=show_pii)
