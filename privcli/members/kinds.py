"""Members import: keyed by phone, the identity customers and stores agree on."""

from __future__ import annotations

from privcli.base import events
from privcli.base.messages import t
from privcli.imports.convert import (
    Directory,
    Memo,
    clean,
    column,
    duplicate_warner,
    pad,
    padded,
    text_column,
)
from privcli.imports.engine import Kind
from privcli.imports.land import Lander
from privcli.io import normalize
from privcli.io.normalize import Bad
from privcli.members.spec import MEMBERS

MEMBER_COLUMNS = (
    "member_no",
    "name",
    "gender",
    "birthday",
    "level",
    "points",
    "registered_at",
    "store_id",
    "guide_id",
    "channel",
    "external_userid",
    "acquired_by",
)
GUIDE = MEMBER_COLUMNS.index("guide_id")
FIELDS = (
    "phone",
    "member_no",
    "name",
    "gender",
    "birthday",
    "level",
    "points",
    "registered_at",
    "store",
    "guide",
    "channel",
    "external_userid",
    "acquired_by",
    "tags",
)


class Members(Kind):
    spec = MEMBERS
    name = "members"
    filled_with = ("member_tags",)

    def valid_key(self, v) -> bool:
        try:
            return normalize.phone(clean(v)) is not None
        except Bad:
            return False

    def row_fn(self, cols, ctx):
        width, idx = padded(cols, FIELDS)
        (
            ip,
            i_no,
            i_name,
            i_gender,
            i_bday,
            i_level,
            i_pts,
            i_reg,
            i_store,
            i_guide,
            i_chan,
            i_ext,
            i_acq,
            i_tags,
        ) = idx
        directory = Directory(self.db)
        today = ctx.today
        text = normalize.text
        no = name = ext = text_column
        level, channel = Memo(ctx, "level", text), Memo(ctx, "channel", text)
        gender = Memo(ctx, "gender", normalize.gender)
        bday = Memo(ctx, "birthday", lambda v: normalize.birthday(v, today))
        pts = Memo(ctx, "points", normalize.points)
        reg = column(ctx, "registered_at", normalize.moment, normalize.business_period(today))
        store, tags = Memo(ctx, "store", directory.store), Memo(ctx, "tags", normalize.tags)
        guide = directory.guide_column(ctx, "guide")
        acq = directory.guide_column(ctx, "acquired_by")
        phone = normalize.phone

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            p = cells[ip]
            if not (
                p.__class__ is str
                and len(p) == 11
                and p.isdigit()
                and p.isascii()
                and p[0] == "1"
                and p[1] in "3456789"
            ):
                raw = clean(p)
                if raw is None:
                    ctx.reject(row, "phone", None, t("members.phone_empty"))
                    return None
                try:
                    p = phone(raw)
                except Bad as e:
                    ctx.reject(row, "phone", raw, str(e))
                    return None
            store_id = store[cells[i_store]]
            guide_id = guide[store_id][cells[i_guide]]
            acquired = acq[store_id][cells[i_acq]]
            return (
                row,
                p,
                no(cells[i_no]),
                name(cells[i_name]),
                gender[cells[i_gender]],
                bday[cells[i_bday]],
                level[cells[i_level]],
                pts[cells[i_pts]],
                reg(cells[i_reg]),
                store_id,
                guide_id,
                channel[cells[i_chan]],
                ext(cells[i_ext]),
                acquired if acquired is not None else guide_id,
                tags[cells[i_tags]] or None,
            )

        return fn

    def start(self, ctx, params):
        self.params = params
        # acquired_by (添加人) is set once and never changes; an import may only fill it in.
        self.lander = Lander(
            self.db,
            "members",
            "phone",
            MEMBER_COLUMNS,
            params["now"],
            merge={"acquired_by": lambda new, old: new if old is None else old},
        )
        self.warn_dup = duplicate_warner(ctx, "phone")

    def land(self, rows, duplicates):
        db = self.db
        current: dict[int, dict[str, str]] = {}  # member id -> {tag: source}, stored members

        def prepare(stored: dict) -> None:
            ids = [stored[r[1]][0] for r in rows if r[-1] is not None and r[1] in stored]
            if ids:
                for mid, tag, source in db.execute(
                    "SELECT member_id, tag, source FROM member_tags WHERE "
                    + db.in_list("member_id", "ids"),
                    {"ids": db.list_param(ids)},
                ).fetchall():
                    current.setdefault(mid, {})[tag] = source

        def tags_change(row: tuple, mid: int) -> bool:
            """The row's tag cell (its member's current tags in the source system) adds a tag,
            or drops one an import set earlier."""
            want = row[-1]
            if want is None:
                return False
            have = current.get(mid)
            if have is None:
                return True
            want = set(want)
            return not want.issubset(have) or any(
                s == "import" and t not in want for t, s in have.items()
            )

        lander = self.lander
        landed = lander.land(rows, duplicates, force=tags_change, prepare=prepare)
        self.warn_dup(lander, landed)
        now = lander.now
        add = []
        if any(r[-1] is not None for r in landed.new):
            # ids of new members are needed only for their tags
            ids = lander.ids([r[1] for r in landed.new if r[-1] is not None])
            add = [
                (ids[r[1]], t, "import", now)
                for r in landed.new
                if r[-1] is not None
                for t in r[-1]
            ]
        moves = []
        drop = []
        for row, mid, old, merged, changed in landed.existing:
            if not changed:
                continue
            if merged[GUIDE] != old[GUIDE]:
                moves.append((mid, old[GUIDE], merged[GUIDE]))
            want = row[-1]
            if want is not None:
                # A non-empty tag cell is the member's current tag list in the source system:
                # it replaces the tags earlier imports set and leaves operator/derived tags alone.
                have = current.get(mid, {})
                drop += [(mid, t) for t, s in have.items() if s == "import" and t not in want]
                add += [(mid, t, "import", now) for t in want if t not in have]
        if moves:
            # who follows owner changes (the owner log, pending tasks, ...) is not this kind's
            # business: it says what changed, once per batch
            events.stage_owner_changes(db, moves)
            events.publish(
                db,
                events.OWNER_CHANGED,
                source="import",
                at=lander.now,
                import_id=self.params["import_id"],
                batch_id=None,
            )
        if drop:
            db.executemany(
                f"DELETE FROM member_tags WHERE member_id = {db.ph} AND tag = {db.ph}", drop
            )
        if add:
            # `current` was read in this transaction for every member of the batch, so none of
            # these pairs exists yet: a plain bulk load (COPY on PostgreSQL) is safe
            db.bulk_load("member_tags", ["member_id", "tag", "source", "created_at"], add)
