"""The summary of customers per guide (guide_customers) equals a direct count after everything
that changes owners or adds members: imports of members and of orders (buyers who become
members), re-imports that change guides, transfers and undos, a dry run, a failed transfer,
and on PostgreSQL transactions that commit out of id order."""

from __future__ import annotations

import pytest
from conftest import PG_URL, write_csv

from privcli.boards import customers
from privcli.capabilities import open_store


def check(url) -> dict:
    db = open_store(url)
    try:
        assert customers.current(db) == customers.direct(db)
        mark = db.scalar("SELECT value FROM board_state WHERE name = 'customers_upto'")
        top = db.scalar("SELECT COALESCE(MAX(id), 0) FROM members")
        assert mark == top  # every import brought the mark up
        return customers.direct(db)
    finally:
        db.close()


def members_csv(tmp_path, name: str, rows: list[tuple[str, str]]):
    text = "手机号,专属导购\n" + "".join(f"{p},{g}\n" for p, g in rows)
    return write_csv(tmp_path / name, text)


def test_summary_follows_imports_transfers_and_undo(chain, tmp_path):
    assert check(chain.url) == {}
    f = members_csv(
        tmp_path, "m1.csv", [(f"1390000{i:04d}", "G1" if i % 3 else "G2") for i in range(30)]
    )
    assert chain("import", "members", f).exit_code == 0
    assert check(chain.url)
    # a re-import moves five customers from G1 to G3 (an owner change through an import)
    f = members_csv(tmp_path, "m2.csv", [(f"1390000{i:04d}", "G3") for i in (1, 2, 4, 5, 7)])
    assert chain("import", "members", f).exit_code == 0
    counts = check(chain.url)
    assert sorted(counts.values()) == [5, 10, 15]
    # buyers of an orders import who were not members become members (of the order's guide)
    orders = (
        "订单号,支付时间,实付金额,买家手机号,导购工号\nX1,2026-11-01 10:00:00,10,13911112222,G2\n"
    )
    assert chain("import", "orders", write_csv(tmp_path / "o.csv", orders)).exit_code == 0
    check(chain.url)
    r = chain("transfer", "G1", "--reason", "reassigned", "--to", "G2,G3")
    assert r.exit_code == 0, r.output
    check(chain.url)
    assert chain("transfer", "undo", "1").exit_code == 0
    check(chain.url)
    # a dry run and a refused request change nothing
    assert (
        chain(
            "import",
            "members",
            members_csv(tmp_path, "m3.csv", [("13988887777", "G1")]),
            "--dry-run",
        ).exit_code
        == 0
    )
    assert chain("transfer", "G1").exit_code == 2  # an active guide needs --reason reassigned
    check(chain.url)


def test_members_added_outside_imports_are_counted_by_readers(chain, tmp_path):
    """A member written by something other than an import is above the mark until the next
    import: readers count it on the fly, and an owner change of it is not applied twice."""
    db = open_store(chain.url)
    try:
        with db.transaction():
            g1 = db.scalar("SELECT id FROM guides WHERE code = 'G1'")
            db.execute(
                "INSERT INTO members (phone, guide_id) VALUES ('13600000001', :g)", {"g": g1}
            )
        assert customers.current(db) == customers.direct(db) == {g1: 1}
    finally:
        db.close()
    r = chain("transfer", "G1", "--reason", "reassigned", "--to", "G2")
    assert r.exit_code == 0, r.output
    db = open_store(chain.url)
    try:
        assert customers.current(db) == customers.direct(db)
    finally:
        db.close()
    f = members_csv(tmp_path, "m.csv", [("13600000002", "G3")])
    assert chain("import", "members", f).exit_code == 0
    check(chain.url)


@pytest.mark.skipif(not PG_URL, reason="PRIVCLI_TEST_PG_URL not set")
def test_postgresql_ids_committed_out_of_order(db_url, chain, tmp_path):
    """Two transactions add members; the one with the higher ids commits (and catches up)
    first: the mark must not pass the other's lower ids while it is in flight."""
    if "://" not in db_url:
        pytest.skip("PostgreSQL only")
    a, b = open_store(db_url), open_store(db_url)
    try:
        g1 = a.scalar("SELECT id FROM guides WHERE code = 'G1'")
        with a.transaction():
            a.execute("INSERT INTO members (phone, guide_id) VALUES ('13600000001', :g)", {"g": g1})
            with b.transaction():
                b.execute(
                    "INSERT INTO members (phone, guide_id) VALUES ('13600000002', :g)", {"g": g1}
                )
                customers.catch_up(b)  # a is in flight: the mark stays
            customers.catch_up(a)  # b has committed: the mark may move (a's own rows included)
        assert customers.current(a) == customers.direct(a) == {g1: 2}
        with b.transaction():
            customers.catch_up(b)
        assert customers.current(b) == customers.direct(b) == {g1: 2}
    finally:
        a.close()
        b.close()
