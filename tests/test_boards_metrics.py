"""The leaderboard's definitions, checked against figures worked out by hand on the chain of
boards_chain.py, on SQLite and PostgreSQL (README: "Leaderboard definitions").

November 2026 against October:
- sales: G1 = O1 100 + O2 50 (O3 refunded counts nothing) = 150; G2 = O4 200 - 50 refunded -
  return R1 40 = 110; G3 = O5 150; G4 (departed) = 0, but 300 in October.
- orders: paid sales (a partly refunded one counts; a return does not); buyers: paying members.
- new members: m4 registered 2026-11-05, acquired by G3 in SH02.
- conversion: customers at 2026-11-01 who bought in November: G1 owns m1, m2 (m1 bought, m2's
  only order was refunded) = 1/2; G2 owns m3 (bought) = 1/1; G3 owns m6 (no registration time:
  a customer since ever; did not buy; m4 registered later) = 0/1; G4 owns m5 = 0/1.
- redemption (G1): redeemed in November C1, C2, C5 = 3 / issued in November C1-C4 = 4.
- task completion (G1): 3 done of 4 due in November; G2: 0 of 2.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from boards_chain import build, frozen  # noqa: F401  (a fixture, used by pytestmark)
from conftest import write_csv

from privcli.boards import customers
from privcli.boards.counting import Keying, components, gather
from privcli.capabilities import open_store

pytestmark = pytest.mark.usefixtures("frozen")


def board(cli, *args) -> list[dict]:
    r = cli("leaderboard", "--period", "2026-11", "-f", "json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def by_key(rows: list[dict], key: str) -> dict:
    return {r[key]: r for r in rows}


def test_guide_board_by_hand(chain, tmp_path):
    build(chain, tmp_path)
    rows = board(chain)
    assert [(r["rank"], r["guide_id"]) for r in rows] == [
        (1, "G1"),
        (1, "G3"),
        (3, "G2"),
        (4, "G4"),
    ]
    g = by_key(rows, "guide_id")
    assert g["G1"]["sales"] == 150.0 and g["G1"]["previous"] == 30.0
    assert g["G2"]["sales"] == 110.0 and g["G2"]["previous"] == 120.0
    assert g["G3"]["sales"] == 150.0 and g["G3"]["previous"] == 0.0
    assert g["G4"]["sales"] == 0.0 and g["G4"]["previous"] == 300.0
    assert [g[k]["orders"] for k in ("G1", "G2", "G3", "G4")] == [2, 1, 1, 0]
    assert [g[k]["buyers"] for k in ("G1", "G2", "G3", "G4")] == [1, 1, 1, 0]
    assert g["G1"]["aov"] == 75.0 and g["G2"]["aov"] == 110.0 and g["G4"]["aov"] is None
    assert [g[k]["new_members"] for k in ("G1", "G2", "G3", "G4")] == [0, 0, 1, 0]
    assert [g[k]["conversion"] for k in ("G1", "G2", "G3", "G4")] == [0.5, 1.0, 0.0, 0.0]
    assert g["G1"]["redemption"] == 0.75 and g["G3"]["redemption"] == 0.0
    assert g["G2"]["redemption"] is None  # issued none
    assert g["G1"]["task_completion"] == 0.75 and g["G2"]["task_completion"] == 0.0
    assert g["G3"]["task_completion"] is None
    # change and rank change: G1 rose from 3rd (30) to 1st; G3 had nothing in October (new)
    assert g["G1"]["change"] == 4.0 and g["G1"]["rank_change"] == 2
    assert g["G2"]["change"] == -0.0833 and g["G2"]["rank_change"] == -1
    assert g["G3"]["change"] is None and g["G3"]["rank_change"] == "new"
    assert g["G4"]["change"] == -1.0 and g["G4"]["rank_change"] == -3
    assert g["G4"]["status"] == "departed"
    assert (g["G1"]["name"], g["G1"]["store_code"], g["G1"]["region"]) == ("陈静", "SH01", "华东")


def test_store_region_and_channel_boards(chain, tmp_path):
    build(chain, tmp_path)
    s = by_key(board(chain, "--by", "store"), "store_code")
    assert {k: (v["rank"], v["sales"]) for k, v in s.items()} == {
        "SH01": (1, 260.0),
        "SH02": (2, 150.0),
        "GZ01": (3, 0.0),
    }
    assert s["SH01"]["orders"] == 3 and s["SH01"]["buyers"] == 2
    assert s["SH02"]["new_members"] == 1
    # a store's conversion is its guides' converted customers over their customers
    assert s["SH01"]["conversion"] == round(2 / 3, 4)
    assert s["SH01"]["redemption"] == 0.75 and s["SH01"]["task_completion"] == 0.5
    r = by_key(board(chain, "--by", "region"), "region")
    assert r["华东"]["sales"] == 410.0 and r["华南"]["sales"] == 0.0
    assert r["华东"]["previous"] == 150.0 and r["华南"]["previous"] == 300.0
    c = by_key(board(chain, "--by", "channel"), "channel")
    # R1 (a return at the counter) comes off the store channel; 有赞 is kept as written
    assert {k: v["sales"] for k, v in c.items()} == {
        "jd": 150.0,
        "douyin": 150.0,
        "store": 60.0,
        "tmall": 50.0,
        "有赞": 0.0,
    }
    assert c["store"]["previous"] == 420.0 and c["store"]["name"] == "门店"
    assert set(c["jd"]) >= {"rank", "channel", "name", "sales", "orders", "aov", "buyers"}
    assert "conversion" not in c["jd"]


def test_sqlite_and_postgresql_agree(chain, tmp_path):
    """The same figures whatever the database (the rows are compared whole)."""
    build(chain, tmp_path)
    rows = board(chain, "--metric", "conversion")
    assert [r["guide_id"] for r in rows] == ["G2", "G1", "G3", "G4"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 3]
    assert rows[0] == {
        "rank": 1,
        "guide_id": "G2",
        "name": "林涛",
        "store_code": "SH01",
        "region": "华东",
        "status": "active",
        "conversion": 1.0,
        "previous": 1.0,
        "change": 0.0,
        "rank_change": 0,
        "sales": 110.0,
        "orders": 1,
        "aov": 110.0,
        "buyers": 1,
        "new_members": 0,
        "redemption": None,
        "task_completion": 0.0,
    }


def test_conversion_counts_owners_at_the_period_start(chain, tmp_path):
    """m5 moves from G4 to G3 today (2026-12-02): November still counts it as G4's customer,
    December as G3's; the summary of customers per guide follows the move."""
    build(chain, tmp_path)
    r = chain("transfer", "G4", "--to", "G3")
    assert r.exit_code == 0, r.output
    nov = by_key(board(chain, "--metric", "conversion"), "guide_id")
    assert nov["G3"]["conversion"] == 0.0 and nov["G4"]["conversion"] == 0.0
    db = open_store(chain.url)
    try:
        assert customers.current(db) == customers.direct(db)
        assert customers.direct(db)[ids_of(db)["G3"]] == 3
    finally:
        db.close()
    # on 2026-12-02 m5 was still G4's at midnight; from 2026-12-03 G3 has m4, m5, m6
    for day, g3, g4 in (("2026-12-02", 2, 1), ("2026-12-03", 3, 0)):
        db = open_store(chain.url)
        try:
            d = date.fromisoformat(day)
            comp = components(db, Keying("guide").load(db), d, d, {"conversion"})
            got = {k: comp.get(ids_of(db)[k], {}).get("customers", 0) for k in ("G3", "G4")}
        finally:
            db.close()
        assert got == {"G3": g3, "G4": g4}, day


def ids_of(db) -> dict[str, int]:
    return dict(db.execute("SELECT code, id FROM guides").fetchall())


def test_money_is_exact(chain, tmp_path):
    """Sales stay integer fen to the end: 0.1 + 0.2 is 0.30."""
    build(chain, tmp_path, extras=False)
    db = open_store(chain.url)
    try:
        with db.transaction():
            db.execute("UPDATE orders SET amount_fen = 10 WHERE order_no = 'O1'")
            db.execute("UPDATE orders SET amount_fen = 20 WHERE order_no = 'O2'")
    finally:
        db.close()
    from privcli.boards.leaderboard import build as build_board

    db = open_store(chain.url)
    try:
        b = build_board(db, period="2026-11", top=0)
    finally:
        db.close()
    row = next(r for r in b.rows if r[1] == "G1")
    assert row[b.columns.index("sales")] == Decimal("0.30")


def test_conversion_of_a_few_guides_equals_the_full_count(chain, tmp_path):
    """The leaderboard reads the conversion of the rows it shows from the guides' side
    (conversion_for.sql); it must equal the count over every buyer (customers_at.sql and
    converted.sql), across moves before, inside and after the period."""
    build(chain, tmp_path)
    assert chain("transfer", "G4", "--to", "G3").exit_code == 0
    text = "手机号,专属导购\n13800000001,G2\n13800000002,G3\n"
    assert chain("import", "members", write_csv(tmp_path / "move.csv", text)).exit_code == 0
    db = open_store(chain.url)
    try:
        keying = Keying("guide").load(db)
        every = sorted(ids_of(db).values())
        for start, end in (
            (date(2026, 11, 1), date(2026, 11, 30)),
            (date(2026, 10, 1), date(2026, 12, 31)),
            (date(2026, 12, 2), date(2026, 12, 2)),
            (date(2026, 12, 3), date(2026, 12, 9)),
        ):
            full = components(db, keying, start, end, {"conversion"})
            (few,) = gather(db, keying, [(start, end, {"conversion"}, every)], workers=1)
            (two,) = gather(db, keying, [(start, end, {"conversion"}, every[:2])], workers=2)
            assert few == {k: v for k, v in full.items() if any(v.values())}, (start, end)
            assert two == {k: v for k, v in full.items() if k in every[:2] and any(v.values())}
    finally:
        db.close()
