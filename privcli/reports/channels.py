"""`privcli report channels`: where customers come from (members by acquisition channel) and
where they buy (sales by order channel), over a period."""

from __future__ import annotations

from privcli.base.db import Database, load_sql
from privcli.base.messages import t
from privcli.base.output import Document, Listing
from privcli.boards import metrics
from privcli.boards.counting import Keying, components
from privcli.boards.formats import change_text, money_text, ratio_text
from privcli.boards.leaderboard import change
from privcli.boards.periods import board_period
from privcli.orders.channels import LABELS


def _share(n, total) -> float | None:
    return round(float(n) / float(total), 4) if total else None


def report(db: Database, period: str = "month") -> Document:
    p = board_period(period)
    prev = p.previous()
    start, end = p.bounds()
    members = db.query(load_sql("reports/member_channels"), {"start": start, "end": end})
    total = sum(r["members"] for r in members)
    member_rows = [
        [
            r["channel"] or None,
            int(r["members"]),
            _share(r["members"], total),
            int(r["new_members"] or 0),
            int(r["buyers"] or 0),
            _share(r["buyers"] or 0, r["members"]),
        ]
        for r in members
    ]
    keying = Keying("channel").load(db)
    cur = components(db, keying, p.start, p.end, {"sales", "buyers"})
    before = components(db, keying, prev.start, prev.end, {"sales"})
    sales_total = sum(c.get("sales_fen", 0) for c in cur.values())
    order_rows = []
    for k in sorted({*cur, *before}, key=lambda k: -cur.get(k, {}).get("sales_fen", 0)):
        c = cur.get(k, {})
        v, pv = metrics.value("sales", c), metrics.value("sales", before.get(k))
        order_rows.append(
            [
                k or None,
                LABELS.get(k, k) if k else t("boards.no_channel"),
                v,
                _share(c.get("sales_fen", 0), sales_total),
                metrics.value("orders", c),
                metrics.value("buyers", c),
                metrics.value("aov", c),
                pv,
                change(v, pv),
            ]
        )
    return Document(
        [
            (
                "members",
                Listing(
                    ["channel", "members", "share", "new_members", "buyers", "buyer_rate"],
                    member_rows,
                    title=t("reports.members_by_channel", period=p.describe()),
                    display={"share": ratio_text, "buyer_rate": ratio_text},
                ),
            ),
            (
                "orders",
                Listing(
                    [
                        "channel",
                        "name",
                        "sales",
                        "share",
                        "orders",
                        "buyers",
                        "aov",
                        "previous",
                        "change",
                    ],
                    order_rows,
                    title=t(
                        "reports.sales_by_channel", period=p.describe(), previous=prev.describe()
                    ),
                    display={
                        "sales": money_text,
                        "share": ratio_text,
                        "aov": money_text,
                        "previous": money_text,
                        "change": change_text,
                    },
                    bar="sales",
                ),
            ),
        ],
        meta={"period": p.describe(), "previous": prev.describe()},
    )
