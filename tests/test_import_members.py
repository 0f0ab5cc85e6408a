"""Members import through the CLI: formats, header detection, normalization, merging, errors."""

from __future__ import annotations

import csv
import json
from datetime import datetime

from conftest import write_csv, write_xlsx

from privcli.base.selection import Selection
from privcli.capabilities import open_store as open_db
from privcli.members.logic import member_rows


def members(url) -> dict[str, list]:
    db = open_db(url)
    with db.transaction(write=False):
        out = {r[0]: r for r in member_rows(db, Selection())}
    db.close()
    return out


def test_xlsx_with_title_rows_and_messy_cells(chain, tmp_path):
    f = write_xlsx(
        tmp_path / "m.xlsx",
        [
            ["会员列表"],
            ["导出时间：2026-11-20 09:15"],
            [
                "会员卡号",
                " 手机号 ",
                "姓名",
                "性别",
                "出生日期",
                "会员等级",
                "积分",
                "所属门店",
                "专属导购",
                "标签",
            ],
            [
                "K1",
                13800138000.0,
                "王小明",
                "男",
                datetime(1990, 5, 6),
                "金卡",
                "1,200",
                "SH01",
                "G1",
                "VIP，母婴",
            ],
            [
                "K2",
                "+86 139-1234-0001",
                "李四",
                "female",
                "1991年7月8日",
                "银卡",
                300.0,
                "上海徐汇店",
                "周敏",
                "新客;高净值",
            ],
            ["K3", "１３９１２３４０００２", "张三", "?", "20000102", None, None, None, None, None],
            [None, None, None, None, None, None, None, None, None, None],
            ["合计", 3],
        ],
    )
    r = chain("import", "members", f, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "rows": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 0,
        "error_report": None,
    }  # fmt: skip
    m = members(chain.url)
    assert m["13800138000"][1:] == [
        "K1", "王小明", "M", "1990-05-06", "金卡", 1200, None, "SH01", "G1", "G1", None, "VIP,母婴",
    ]  # fmt: skip
    # store by name, guide by name (resolved within the member's store), semicolon tags
    assert m["13912340001"][3:5] == ["F", "1991-07-08"]
    assert m["13912340001"][8:10] == ["SH02", "G3"]
    assert m["13912340001"][12] == "新客,高净值"
    assert m["13912340002"][3] is None  # unknown gender is no error
    assert m["13912340002"][4] == "2000-01-02"


def test_bad_rows_rejected_with_row_column_value_and_report(chain, tmp_path):
    f = write_csv(
        tmp_path / "m.csv",
        "手机号,姓名,生日,专属导购\n"
        "13800138000,甲,1990-02-30,G1\n"  # impossible birthday: warning, row kept
        "1380013,乙,,\n"  # too short: rejected
        "138****8000,丙,,\n"  # masked: rejected
        "13800138001,丁,,GNOPE\n",  # unknown guide: warning, unassigned
    )
    r = chain("import", "members", f, "--errors", tmp_path / "err.csv")
    assert r.exit_code == 3
    assert "rejected: 2" in r.stdout and "warnings: 2" in r.stdout
    report = list(csv.reader(open(tmp_path / "err.csv", encoding="utf-8-sig")))
    assert report[0][:5] == ["错误行号", "错误级别", "错误字段", "错误值", "错误原因"]
    assert report[0][5:] == ["手机号", "姓名", "生日", "专属导购"]  # original columns to fix
    by_row = {r[0]: r for r in report[1:]}
    assert by_row["3"][1:4] == ["拒绝", "手机号", "1380013"] and "11 digits" in by_row["3"][4]
    assert by_row["4"][1] == "拒绝" and "masked" in by_row["4"][4]
    assert by_row["2"][1:4] == ["警告", "生日", "1990-02-30"]
    assert by_row["5"][2] == "专属导购"
    m = members(chain.url)
    assert set(m) == {"13800138000", "13800138001"}
    assert m["13800138000"][4] is None and m["13800138001"][9] is None
    # the terminal never shows a full phone number unless --show-pii
    assert "1380013'" not in r.output and "138****013" in r.output or "1380013" not in r.output


def test_missing_required_column_is_fatal_and_writes_nothing(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "姓名,生日\n甲,1990-01-01\n")
    r = chain("import", "members", f)
    assert r.exit_code == 1
    assert "phone" in r.output and "手机号" in r.output and "姓名, 生日" in r.output
    assert members(chain.url) == {}


def test_map_option_names_an_unusual_header(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "客户电话,客户名\n13800138000,甲\n")
    r = chain("import", "members", f, "--map", "客户电话=phone", "--map", "客户名=name")
    assert r.exit_code == 0, r.output
    assert members(chain.url)["13800138000"][2] == "甲"
    bad = chain("import", "members", f, "--map", "客户电话=telephone")
    assert bad.exit_code == 2 and "telephone" in bad.output


def test_reimport_merges_and_never_erases(chain, tmp_path):
    first = write_csv(
        tmp_path / "a.csv",
        "手机号,姓名,会员等级,积分,专属导购,标签\n13800138000,甲,金卡,100,G1,VIP\n13800138001,乙,银卡,5,G2,\n",
    )
    assert chain("import", "members", first).exit_code == 0
    again = chain("import", "members", first, "-f", "json")
    assert json.loads(again.stdout)["unchanged"] == 2
    assert json.loads(again.stdout)["updated"] == 0
    # later file: empty cells keep stored values; duplicates in one file: later non-empty wins
    update = write_csv(
        tmp_path / "b.csv",
        "手机号,姓名,会员等级,积分,专属导购,标签\n"
        "13800138000,,钻石卡,,G2,\n"
        "13800138000,,,200,,VIP、母婴\n",
    )
    r = chain("import", "members", update, "-f", "json")
    s = json.loads(r.stdout)
    assert (s["updated"], s["inserted"], s["warnings"]) == (1, 0, 1)
    m = members(chain.url)["13800138000"]
    assert m[2] == "甲" and m[5] == "钻石卡" and m[6] == 200
    assert m[9] == "G2" and m[10] == "G1"  # owner changed, acquired_by never does
    assert m[12] == "VIP,母婴"
    shown = chain("members", "show", "13800138000", "--format", "json")
    history = json.loads(shown.stdout)["owner_history"]
    assert [(h["from_guide"], h["to_guide"], h["source"]) for h in history] == [
        ("G1", "G2", "import")
    ]


def test_gbk_csv_and_dry_run(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "手机号,姓名\n13800138000,王五\n", encoding="gbk")
    r = chain("import", "members", f, "--dry-run", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["inserted"] == 1
    assert members(chain.url) == {}
    assert chain("import", "members", f).exit_code == 0
    assert members(chain.url)["13800138000"][2] == "王五"


def test_legacy_xls_and_xls_that_is_csv(chain, tmp_path):
    real = tmp_path / "old.xls"
    real.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    r = chain("import", "members", real)
    assert r.exit_code == 1 and "save as .xlsx" in r.output
    fake = write_csv(tmp_path / "crmeb.xls", "会员列表\n手机号,姓名\n13800138000,甲\n")
    assert chain("import", "members", fake).exit_code == 0
    assert "13800138000" in members(chain.url)


def test_duplicate_header_uses_first_and_warns(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "手机号,姓名,姓名\n13800138000,甲,乙\n")
    r = chain("import", "members", f, "-f", "json")
    assert json.loads(r.stdout)["warnings"] == 1
    assert members(chain.url)["13800138000"][2] == "甲"


def test_batches_merge_like_one_file(chain, tmp_path, monkeypatch):
    """Rows repeating a key far apart (in different batches) merge as if the file were one batch,
    and the file re-imports unchanged."""
    import privcli.imports.engine as engine

    monkeypatch.setattr(engine, "BATCH", 2)
    f = write_csv(
        tmp_path / "m.csv",
        "手机号,姓名,会员等级,专属导购,标签\n"
        "13800138000,甲,金卡,G1,VIP\n"
        "13800138001,乙,,G2,\n"
        "13800138002,丙,银卡,,新客\n"
        "13800138000,,钻石卡,G2,母婴\n"  # second batch: repeats row 2, beside a new key
        "13800138001,乙二,,,\n",
    )
    r = chain("import", "members", f, "-f", "json")
    s = json.loads(r.stdout)
    assert (s["inserted"], s["warnings"]) == (3, 2)
    m = members(chain.url)
    assert m["13800138000"][2] == "甲" and m["13800138000"][5] == "钻石卡"
    assert m["13800138000"][9:11] == ["G2", "G1"]  # owner changed, acquired_by kept
    assert m["13800138000"][12] == "母婴"
    assert m["13800138001"][2] == "乙二"
    assert m["13800138002"][12] == "新客"
    again = json.loads(chain("import", "members", f, "-f", "json").stdout)
    assert again["inserted"] == 0 and again["rows"] == 5
