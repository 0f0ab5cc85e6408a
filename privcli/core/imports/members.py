"""Members import: keyed by phone, the identity customers and stores agree on."""

from __future__ import annotations

from privcli.core.imports.directory import Directory, _dup_warner, getter, optional
from privcli.core.imports.engine import Kind
from privcli.core.imports.merge import dedupe, upsert
from privcli.io import normalize as N
from privcli.io.normalize import Bad

MEMBER_COLUMNS = ["member_no", "name", "gender", "birthday", "level", "points", "registered_at",
                  "store_id", "guide_id", "channel", "external_userid"]  # fmt: skip


class Members(Kind):
    name = "members"
    key = "phone"
    stage_columns = ("rownum", "phone", *MEMBER_COLUMNS, "acquired_by", "tags_seq", "tags_changed")
    stage_types = {
        "rownum": "INTEGER", "phone": "TEXT", "member_no": "TEXT", "name": "TEXT",
        "gender": "TEXT", "birthday": "DATE", "level": "TEXT", "points": "BIGINT",
        "registered_at": "TIMESTAMP", "store_id": "BIGINT", "guide_id": "BIGINT",
        "channel": "TEXT", "external_userid": "TEXT", "acquired_by": "BIGINT",
        "tags_seq": "INTEGER", "tags_changed": "INTEGER",
    }  # fmt: skip
    extra_stages = {"stage_tags": "rownum INTEGER, phone TEXT, tag TEXT"}

    def __init__(self, db):
        super().__init__(db)
        self._tags: list[tuple] = []

    def extra_rows(self):
        rows, self._tags = self._tags, []
        return {"stage_tags": rows}

    def row_fn(self, cols, ctx):
        get = getter(cols)
        directory = Directory(self.db)
        today = ctx.today
        tags_out = self._tags
        text, phone, birthday = N.text, N.phone, N.birthday

        def fn(row: int, cells: list):
            raw = get(cells, "phone")
            if raw is None:
                ctx.reject(row, "phone", None, "phone is empty")
                return None
            try:
                p = phone(raw)
            except Bad as e:
                ctx.reject(row, "phone", raw, str(e))
                return None
            store_id = optional(ctx, row, "store", get(cells, "store"), directory.store)
            guide_raw = get(cells, "guide")
            guide_id = optional(ctx, row, "guide", guide_raw, directory.guide, store_id)
            if guide_id is None and guide_raw is not None:
                pass  # warned: the member lands unassigned (or keeps its stored guide)
            acq = optional(ctx, row, "acquired_by", get(cells, "acquired_by"), directory.guide,
                           store_id)  # fmt: skip
            v_no, v_name, v_level, v_chan, v_ext = (
                get(cells, f) for f in ("member_no", "name", "level", "channel", "external_userid")
            )
            g = get(cells, "gender")
            t = get(cells, "tags")
            tags_seq = None
            if t is not None:
                found = N.tags(t)
                if found:
                    tags_seq = row
                    tags_out.extend((row, p, tag) for tag in found)
            return (
                row, p,
                v_no if v_no is None else text(v_no),
                v_name if v_name is None else text(v_name),
                g if g is None else N.gender(g),
                optional(ctx, row, "birthday", get(cells, "birthday"), birthday, today),
                v_level if v_level is None else text(v_level),
                optional(ctx, row, "points", get(cells, "points"), N.integer),
                optional(ctx, row, "registered_at", get(cells, "registered_at"), N.moment),
                store_id, guide_id,
                v_chan if v_chan is None else text(v_chan),
                v_ext if v_ext is None else text(v_ext),
                acq, tags_seq, None,
            )  # fmt: skip

        return fn

    def merge(self, ctx, params):
        db = self.db
        if dedupe(db, "stage", "phone", self.stage_columns, _dup_warner(ctx, "phone")):
            # keep only the tags of the row whose tag cell won
            db.execute(
                "DELETE FROM stage_tags WHERE NOT EXISTS "
                "(SELECT 1 FROM stage s WHERE s.tags_seq = stage_tags.rownum)"
            )
        db.execute("CREATE INDEX stage_phone ON stage (phone)")
        db.execute("CREATE INDEX stage_tags_phone ON stage_tags (phone, tag)")
        # A non-empty tag cell is the member's current tag list from the source system: it
        # replaces the tags earlier imports set, and leaves operator/derived tags alone.
        db.execute(
            "UPDATE stage SET tags_changed = 1 WHERE tags_seq IS NOT NULL AND EXISTS ("
            " SELECT 1 FROM members m WHERE m.phone = stage.phone AND ("
            "  EXISTS (SELECT 1 FROM stage_tags st WHERE st.phone = stage.phone AND NOT EXISTS"
            "   (SELECT 1 FROM member_tags mt WHERE mt.member_id = m.id AND mt.tag = st.tag))"
            "  OR EXISTS (SELECT 1 FROM member_tags mt WHERE mt.member_id = m.id"
            "   AND mt.source = 'import' AND NOT EXISTS (SELECT 1 FROM stage_tags st"
            "   WHERE st.phone = stage.phone AND st.tag = mt.tag))))"
        )
        ne = db.distinct
        db.execute(
            "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
            " import_id) SELECT t.id, t.guide_id, s.guide_id, :now, 'import', :import_id"
            f" FROM stage s JOIN members t ON t.phone = s.phone"
            f" WHERE s.guide_id IS NOT NULL AND s.guide_id {ne} t.guide_id",
            params,
        )
        inserted, updated = upsert(
            db, target="members", stage="stage", key="phone", columns=MEMBER_COLUMNS,
            params=params,
            set_exprs={"acquired_by": "COALESCE(t.acquired_by, s.acquired_by, s.guide_id)"},
            insert_exprs={"phone": "s.phone", "acquired_by": "COALESCE(s.acquired_by, s.guide_id)"},
            changed_extra=["s.tags_changed = 1",
                           "(t.acquired_by IS NULL AND COALESCE(s.acquired_by, s.guide_id) IS NOT NULL)"],
        )  # fmt: skip
        db.execute(
            "DELETE FROM member_tags WHERE source = 'import' AND member_id IN"
            " (SELECT t.id FROM members t JOIN stage s ON s.phone = t.phone WHERE s.tags_changed = 1)"
            " AND NOT EXISTS (SELECT 1 FROM stage_tags st JOIN members m ON m.phone = st.phone"
            "  WHERE m.id = member_tags.member_id AND st.tag = member_tags.tag)"
        )
        db.execute(
            "INSERT INTO member_tags (member_id, tag, source, created_at)"
            " SELECT DISTINCT m.id, st.tag, 'import', :now FROM stage_tags st"
            " JOIN members m ON m.phone = st.phone WHERE NOT EXISTS"
            " (SELECT 1 FROM member_tags mt WHERE mt.member_id = m.id AND mt.tag = st.tag)",
            params,
        )
        return inserted, updated
