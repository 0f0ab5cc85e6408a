"""The one member selection: every filter, refused where it does not apply, typos answered with
the closest known values, and named segments usable wherever members are selected."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from conftest import write_csv

from privcli.base import config

TODAY = config.today()


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


MEMBERS = (
    "手机号,姓名,生日,会员等级,注册时间,所属门店,专属导购,标签\n"
    f"13800000001,甲,1990-12-05,金卡,{_day(400)} 10:00:00,SH01,G1,VIP\n"
    f'13800000002,乙,1991-05-06,银卡,{_day(10)} 10:00:00,SH02,G3,"VIP,母婴"\n'
    f"13800000003,丙,,银卡,{_day(5)} 10:00:00,GZ01,,新客\n"
    f"13800000004,丁,1985-12-31,,,SH01,G2,\n"
)
ORDERS = (
    "订单号,支付时间,实付金额,手机号\n"
    f"A1,{_day(3)} 12:00:00,100,13800000001\n"
    f"A2,{_day(120)} 12:00:00,100,13800000002\n"
)


@pytest.fixture
def data(chain, tmp_path):
    assert chain("import", "members", write_csv(tmp_path / "m.csv", MEMBERS)).exit_code == 0
    assert chain("import", "orders", write_csv(tmp_path / "o.csv", ORDERS)).exit_code == 0
    return chain


def phones(cli, *options) -> list[str]:
    r = cli("members", "list", "--format", "json", "--show-pii", "--limit", "0", *options)
    assert r.exit_code == 0, r.output
    return sorted(m["phone"][-1] for m in json.loads(r.stdout))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["1", "2", "3", "4"]),
        (["--store", "SH01"], ["1", "4"]),
        (["--store", "SH01", "--store", "GZ01"], ["1", "3", "4"]),
        (["--store", "SH01,SH02"], ["1", "2", "4"]),
        (["--region", "华东"], ["1", "2", "4"]),
        (["--region", "华南"], ["3"]),
        (["--guide", "G1,G3"], ["1", "2"]),
        (["--level", "银卡"], ["2", "3"]),
        (["--tag", "VIP"], ["1", "2"]),
        (["--tag", "母婴", "--tag", "新客"], ["2", "3"]),
        (["--registered-since", _day(30)], ["2", "3"]),
        (["--inactive-days", "30"], ["2", "3", "4"]),
        (["--bought-within", "30"], ["1"]),
        (["--bought-within", "365"], ["1", "2"]),
        (["--birthday-month", "12"], ["1", "4"]),
        (["--birthday-month", "12", "--store", "SH01", "--level", "金卡"], ["1"]),
    ],
)
def test_each_filter(data, options, expected):
    assert phones(data, *options) == expected


def test_phones_file(data, tmp_path):
    f = write_csv(tmp_path / "p.txt", "13800000002\n138-0000-0004\nnot a phone\n")
    assert phones(data, "--phones", f) == ["2", "4"]
    sheet = write_csv(tmp_path / "p.csv", "姓名,手机号\n乙,13800000002\n")
    assert phones(data, "--phones", sheet, "--tag", "VIP") == ["2"]


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--store", "SH1", "SH01"),
        ("--guide", "g1", "G1"),
        ("--region", "华冬", "华东"),
        ("--level", "金", "金卡"),
        ("--tag", "VIP客户", "VIP"),
        ("--segment", "沉睡", "segments"),
    ],
)
def test_typos_get_the_closest_known_values(data, option, value, hint):
    r = data("members", "list", option, value)
    assert r.exit_code == 1
    assert value in r.stderr and hint in r.stderr
    assert r.stdout == ""


def test_a_filter_that_does_not_apply_is_refused(data, tmp_path):
    out = tmp_path / "g.csv"
    r = data("export", "guides", out, "--tag", "VIP", "--level", "金卡")
    assert r.exit_code == 2
    assert "--level, --tag does not apply to export guides" in r.stderr
    assert "--store, --region" in r.stderr
    assert not out.exists()
    r = data("export", "guides", out, "--region", "华南")
    assert r.exit_code == 0, r.output
    assert [row.split(",")[0] for row in out.read_text("utf-8-sig").splitlines()] == [
        "guide_id",
        "G4",
    ]
    r = data("guides", "list", "--region", "华南", "-f", "csv")
    assert r.stdout.splitlines()[1].startswith("G4,")


def test_segments_save_list_show_use_delete(data, tmp_path):
    r = data("segments", "save", "冬季生日", "--birthday-month", "12", "--note", "生日礼")
    assert r.exit_code == 0, r.output
    assert "2 members" in r.stderr
    r = data("segments", "save", "沉睡VIP", "--tag", "VIP", "--inactive-days", "30")
    assert r.exit_code == 0
    listed = json.loads(data("segments", "list", "-f", "json").stdout)
    assert [(s["name"], s["members"]) for s in listed] == [("冬季生日", 2), ("沉睡VIP", 1)]
    assert listed[1]["filters"] == "--tag VIP --inactive-days 30"
    shown = json.loads(data("segments", "show", "冬季生日", "-f", "json").stdout)
    assert shown["note"] == "生日礼" and shown["members"] == 2
    # usable wherever members are selected, narrowed further by filters given with it
    assert phones(data, "--segment", "冬季生日") == ["1", "4"]
    assert phones(data, "--segment", "冬季生日", "--level", "金卡") == ["1"]
    out = tmp_path / "seg.csv"
    assert data("export", "members", out, "--segment", "沉睡VIP").exit_code == 0
    assert len(out.read_text("utf-8-sig").splitlines()) == 2
    # replacing keeps one segment of that name
    r = data("segments", "save", "沉睡VIP", "--tag", "VIP", "--inactive-days", "1000")
    assert "replaced" in r.stderr and "0 members" in r.stderr
    assert data("segments", "delete", "沉睡VIP").exit_code == 0
    assert [s["name"] for s in json.loads(data("segments", "list", "-f", "json").stdout)] == [
        "冬季生日"
    ]
    assert data("segments", "delete", "沉睡VIP").exit_code == 1


def test_a_segment_is_evaluated_when_used(data, tmp_path):
    assert data("segments", "save", "近30天未购", "--inactive-days", "30").exit_code == 0
    assert phones(data, "--segment", "近30天未购") == ["2", "3", "4"]
    more = write_csv(
        tmp_path / "o2.csv",
        f"订单号,支付时间,实付金额,手机号\nB1,{_day(1)} 09:00:00,50,13800000004\n",
    )
    assert data("import", "orders", more).exit_code == 0
    assert phones(data, "--segment", "近30天未购") == ["2", "3"]


def test_segments_refuse_what_cannot_be_saved(data):
    r = data("segments", "save", "空")
    assert r.exit_code == 2 and "at least one filter" in r.stderr
    r = data("segments", "save", "x", "--store", "NOPE")
    assert r.exit_code == 1 and "NOPE" in r.stderr
    assert json.loads(data("segments", "list", "-f", "json").stdout) == []


def test_transfer_narrowed_by_a_selection(data):
    assert data("guides", "depart", "G1").exit_code == 0
    r = data("transfer", "G1", "--tag", "VIP", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["moved"] == 1
    r = data("transfer", "G1", "--guide", "G2")
    assert r.exit_code == 2  # the source guides are the arguments: --guide is not a filter here
