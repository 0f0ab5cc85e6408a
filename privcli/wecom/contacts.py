"""`privcli wecom sync`: the follow users' customers from WeCom, linked to members by the phone
numbers guides put in remark_mobiles; and `privcli wecom unlinked`: the contacts that match no
member.

Download first, write after: every page goes into connection-local staging tables (no lock on
the database while WeCom answers), then one transaction merges them set-based: contacts,
follow relations (replaced for the users synced, so a re-run updates and never duplicates),
tags, links. A customer followed by several guides is one contact linked to one member, with a
follow relation per guide. When several members match, the member owned by a guide who follows
the customer wins, then the earliest added relation; a member matched by several contacts keeps
the earliest added.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.messages import t
from privcli.base.output import Record
from privcli.base.pii import mask_name, mask_phone
from privcli.guides.logic import load_guides, resolve
from privcli.io.normalize import Bad, phone
from privcli.io.writers import open_writer
from privcli.wecom.client import WecomClient

USERID = "COALESCE(NULLIF(g.wecom_userid, ''), g.code)"
FLUSH = 20_000


def guide_userids(db: Database) -> dict[str, int]:
    """WeCom userid → guide id: the guides import's 企微账号 column, else the guide's code (an
    explicit userid wins over another guide's code)."""
    rows = db.execute(
        f"SELECT {USERID}, g.id, g.wecom_userid FROM guides g ORDER BY g.wecom_userid IS NOT NULL, g.id"
    ).fetchall()
    return {uid: gid for uid, gid, _ in rows}


def follow_users(client: WecomClient) -> list[str]:
    return list(client.get("externalcontact/get_follow_user_list").get("follow_user") or [])


def target_userids(
    db: Database, client: WecomClient, guides: list[str] | None
) -> tuple[list[str], list[str]]:
    """(follow users to sync, notes): all follow users, or those of --guide."""
    follow = follow_users(client)
    if not guides:
        return follow, []
    known = load_guides(db)
    found = resolve(known, guides)
    ids = {g.id for g in found}
    want = [uid for uid, gid in guide_userids(db).items() if gid in ids]
    follow_set = set(follow)
    notes = [t("wecom.not_follow_user", userid=u) for u in want if u not in follow_set]
    return [u for u in want if u in follow_set], notes


def _mobiles(values) -> list[str]:
    out = []
    for v in values or ():
        try:
            p = phone(str(v))
        except Bad:
            continue
        if p not in out:
            out.append(p)
    return out


_STAGE = {
    "stage_contacts": "external_userid TEXT, name TEXT, type INTEGER, gender INTEGER, corp_name TEXT",
    "stage_follows": "external_userid TEXT, userid TEXT, remark TEXT, remark_mobiles TEXT,"
    " add_way INTEGER, added_at TIMESTAMP, state TEXT",
    "stage_follow_tags": "external_userid TEXT, userid TEXT, tag_id TEXT",
    "stage_phones": "external_userid TEXT, userid TEXT, phone TEXT, added_at TIMESTAMP",
    "stage_users": "userid TEXT",
}
_COLUMNS = {
    "stage_contacts": ["external_userid", "name", "type", "gender", "corp_name"],
    "stage_follows": [
        "external_userid",
        "userid",
        "remark",
        "remark_mobiles",
        "add_way",
        "added_at",
        "state",
    ],  # fmt: skip
    "stage_follow_tags": ["external_userid", "userid", "tag_id"],
    "stage_phones": ["external_userid", "userid", "phone", "added_at"],
    "stage_users": ["userid"],
}


class _Stager:
    """Rows for the staging tables, flushed in batches (one short transaction each)."""

    def __init__(self, db: Database):
        self.db = db
        self.rows: dict[str, list[tuple]] = {k: [] for k in _STAGE}
        for name, cols in _STAGE.items():
            db.temp_table(name, cols)

    def add(self, table: str, row: tuple) -> None:
        rows = self.rows[table]
        rows.append(row)
        if len(rows) >= FLUSH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        with self.db.transaction(write=False):
            for name in [table] if table else list(self.rows):
                if self.rows[name]:
                    self.db.bulk_load(name, _COLUMNS[name], self.rows[name])
                    self.rows[name] = []


def _when(epoch) -> datetime | None:
    if not epoch:
        return None
    return datetime.fromtimestamp(int(epoch), config.business_tz()).replace(tzinfo=None)


def download(
    db: Database,
    client: WecomClient,
    userids: list[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Every page of batch/get_by_user for `userids` (100 per call) into the staging tables;
    returns the number of follow relations read."""
    stage = _Stager(db)
    for uid in userids:
        stage.add("stage_users", (uid,))
    n = 0
    for i in range(0, len(userids), 100):
        body = {"userid_list": userids[i : i + 100], "limit": 100}
        for page in client.pages("externalcontact/batch/get_by_user", body):
            for item in page.get("external_contact_list") or ():
                ext, follow = item.get("external_contact") or {}, item.get("follow_info") or {}
                eid, uid = ext.get("external_userid"), follow.get("userid")
                if not eid or not uid:
                    continue
                added = _when(follow.get("createtime"))
                mobiles = _mobiles(follow.get("remark_mobiles"))
                stage.add(
                    "stage_contacts",
                    (
                        eid,
                        ext.get("name"),
                        ext.get("type"),
                        ext.get("gender"),
                        ext.get("corp_name"),
                    ),
                )
                stage.add(
                    "stage_follows",
                    (eid, uid, follow.get("remark"), ",".join(follow.get("remark_mobiles") or ()),
                     follow.get("add_way"), added, follow.get("state")),
                )  # fmt: skip
                for tag in follow.get("tag_id") or ():
                    stage.add("stage_follow_tags", (eid, uid, str(tag)))
                for p in mobiles:
                    stage.add("stage_phones", (eid, uid, p, added))
                n += 1
            if progress:
                progress(n)
    stage.flush()
    return n


def store_tags(db: Database, client: WecomClient, now) -> int:
    """The corp tag names (get_corp_tag_list), so follow relations' tag ids read as names."""
    groups = client.post("externalcontact/get_corp_tag_list", {}).get("tag_group") or []
    rows = [
        (
            str(tag["id"]),
            tag.get("name") or "",
            str(g.get("group_id") or ""),
            g.get("group_name"),
            now,
        )
        for g in groups
        for tag in g.get("tag") or ()
        if not tag.get("deleted")
    ]
    db.execute("DELETE FROM wecom_tags")
    db.bulk_load("wecom_tags", ["tag_id", "name", "group_id", "group_name", "synced_at"], rows)
    return len(rows)


def merge(db: Database, now) -> dict:
    """The staged download into the stored tables, set-based, in the caller's transaction."""
    uid_map = guide_userids(db)
    db.temp_table("stage_guides", "userid TEXT PRIMARY KEY, guide_id BIGINT")
    db.bulk_load("stage_guides", ["userid", "guide_id"], list(uid_map.items()))
    db.execute("DROP TABLE IF EXISTS stage_links")
    db.execute(load_sql("wecom/sync_links"))
    new_links = db.scalar(
        "SELECT COUNT(*) FROM stage_links l JOIN members m ON m.id = l.member_id"
        f" WHERE m.external_userid {db.distinct} l.external_userid"
    )
    for statement in load_sql("wecom/sync_merge").split(";\n"):
        if statement.strip():
            db.execute(statement, {"now": now})
    counts = db.one(
        "SELECT (SELECT COUNT(*) FROM stage_users) AS follow_users,"
        " (SELECT COUNT(*) FROM stage_users u JOIN stage_guides g ON g.userid = u.userid) AS guides,"
        " (SELECT COUNT(DISTINCT external_userid) FROM stage_follows) AS contacts,"
        " (SELECT COUNT(*) FROM stage_follows) AS relations,"
        " (SELECT COUNT(*) FROM wecom_contacts c WHERE c.member_id IS NOT NULL AND"
        "  c.external_userid IN (SELECT external_userid FROM stage_follows)) AS linked"
    )
    counts["new_links"] = new_links
    counts["unlinked"] = counts["contacts"] - counts["linked"]
    for name in (*_STAGE, "stage_guides", "stage_links"):
        db.execute(f"DROP TABLE IF EXISTS {name}")
    return counts


def sync(
    db: Database,
    client: WecomClient,
    guides: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Record:
    userids, notes = target_userids(db, client, guides)
    download(db, client, userids, progress)
    now = config.now()
    with db.transaction():
        tags = store_tags(db, client, now)
        counts = merge(db, now)
    fields = {
        "guides": counts["guides"],
        "follow_users": counts["follow_users"],
        "contacts": counts["contacts"],
        "relations": counts["relations"],
        "linked": counts["linked"],
        "new_links": counts["new_links"],
        "unlinked": counts["unlinked"],
        "tags": tags,
        "calls": client.calls,
    }
    if counts["unlinked"]:
        notes.append(t("wecom.unlinked_hint", n=counts["unlinked"]))
    return Record(fields, title=t("wecom.sync_title"), notes=notes)


UNLINKED_HEADERS = [
    "external_userid", "name", "guide_id", "userid", "remark", "remark_mobiles", "added_at", "add_way",
]  # fmt: skip


def export_unlinked(db: Database, path: str | Path, *, show_pii: bool = False) -> int:
    """The contacts that match no member, one row per follow relation."""
    writer = open_writer(path, UNLINKED_HEADERS, sheet="unlinked")
    n = 0
    try:
        for chunk in db.chunks(load_sql("wecom/unlinked")):
            for r in chunk:
                r = [iso(v) for v in r]
                if not show_pii:
                    r[1] = mask_name(r[1])
                    r[5] = ",".join(mask_phone(p) or "" for p in (r[5] or "").split(",") if p)
                writer.writerow(r)
                n += 1
    finally:
        writer.close()
    return n
