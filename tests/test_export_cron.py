"""What cron jobs and pipes rely on: `export orders --since/--until` (payment time, whole days,
the business time zone), `-` as the export file (CSV on standard output), `import KIND -`
(standard input), --show-pii files created readable by their owner only and atomically, and
help that shows flags as flags and ends with examples."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from datetime import date, datetime

import pytest
import typer
from conftest import write_csv

from privcli.base import config
from privcli.base.errors import PrivcliError, UsageError
from privcli.cli import app
from privcli.export import period
from privcli.io import files, stdin

MEMBERS_CSV = (
    "手机号,姓名,所属门店,专属导购,生日\n"
    "13800138000,王五,SH01,G1,1990-05-06\n13800138001,李小红,SH02,G3,\n"
)
ORDERS_CSV = (
    "订单号,订单状态,实付金额,支付时间,手机号,门店编码,导购工号\n"
    "O1,交易成功,100,2026-11-30 23:59:59,13800138000,SH01,G1\n"
    "O2,交易成功,200,2026-12-01 00:00:00,13800138000,SH01,G1\n"
    "O3,交易成功,300,2026-12-01 23:59:59,13800138001,SH02,G3\n"
    "O4,交易成功,400,2026-12-02 00:00:00,13800138001,SH02,G3\n"
    "O5,交易关闭,500,,13800138001,SH02,G3\n"
)


@pytest.fixture
def data(chain, tmp_path):
    assert chain("import", "members", write_csv(tmp_path / "m.csv", MEMBERS_CSV)).exit_code == 0
    assert chain("import", "orders", write_csv(tmp_path / "o.csv", ORDERS_CSV)).exit_code == 0
    return chain


def order_nos(cli, *options) -> list[str]:
    r = cli("export", "orders", "-", *options)
    assert r.exit_code == 0, r.output
    return sorted(row[0] for row in list(csv.reader(io.StringIO(r.stdout)))[1:])


# -- --since / --until ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--since", "2026-12-01", "--until", "2026-12-01"], ["O2", "O3"]),  # one whole day
        (["--since", "2026/12/1"], ["O2", "O3", "O4"]),
        (["--until", "20261130"], ["O1"]),
        (["--since", "2026年12月2日", "--until", "2026.12.2"], ["O4"]),
        (["--since", "2026-11-30", "--until", "2026-12-02"], ["O1", "O2", "O3", "O4"]),
        ([], ["O1", "O2", "O3", "O4", "O5"]),  # without a range: every order, unpaid too
    ],
)
def test_orders_since_until_by_payment_day(data, options, expected):
    assert order_nos(data, *options) == expected


def test_yesterday_is_the_business_days_yesterday(data, monkeypatch):
    monkeypatch.setattr(config, "today", lambda: date(2026, 12, 2))
    assert order_nos(data, "--since", "yesterday", "--until", "yesterday") == ["O2", "O3"]
    assert order_nos(data, "--since", "today") == ["O4"]
    assert order_nos(data, "--since", "昨天", "--until", "今天") == ["O2", "O3", "O4"]


def test_today_follows_the_business_time_zone(monkeypatch):
    # 2026-12-01 20:30 UTC is already 2026-12-02 in Shanghai
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 1, 20, 30, tzinfo=config.ZoneInfo("UTC")).astimezone(tz)

    monkeypatch.setattr(config, "datetime", Clock)
    monkeypatch.setenv("PRIVCLI_TZ", "Asia/Shanghai")
    config.business_tz.cache_clear()
    try:
        assert period.parse_day("--since", "yesterday") == date(2026, 12, 1)
        monkeypatch.setenv("PRIVCLI_TZ", "UTC")
        config.business_tz.cache_clear()
        assert period.parse_day("--since", "yesterday") == date(2026, 11, 30)
    finally:
        config.business_tz.cache_clear()


def test_period_bounds_are_whole_days():
    start, end = period.period("2026-12-01", "2026-12-01")
    assert (start, end) == (datetime(2026, 12, 1), datetime(2026, 12, 2))
    assert period.period(None, None) == (None, None)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2026-13-01"], "is not a date"),
        (["--since", "next week"], "is not a date"),
        (["--since", "45000"], "is not a date"),  # no Excel serials on a command line
        (["--since", "2026-12-02", "--until", "2026-12-01"], "no day is in between"),
    ],
)
def test_bad_ranges_are_usage_errors(data, tmp_path, options, message):
    out = tmp_path / "out.csv"
    r = data("export", "orders", out, *options)
    assert r.exit_code == 2 and message in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("what", ["members", "guides", "stores"])
def test_since_is_refused_where_rows_are_not_dated(data, tmp_path, what):
    r = data("export", what, tmp_path / "x.csv", "--since", "yesterday")
    assert r.exit_code == 2
    assert "takes no --since/--until" in r.stderr and "orders: paid_at" in r.stderr


def test_since_until_into_an_xlsx(data, tmp_path):
    import openpyxl

    out = tmp_path / "yesterday.xlsx"
    r = data("export", "orders", out, "--since", "2026-12-01", "--until", "2026-12-01")
    assert r.exit_code == 0 and "wrote 2 orders" in r.stderr
    ws = openpyxl.load_workbook(out).active
    assert sorted(row[6].value for row in ws.iter_rows(min_row=2)) == [
        datetime(2026, 12, 1, 0, 0, 0),
        datetime(2026, 12, 1, 23, 59, 59),
    ]


# -- standard output and input --------------------------------------------------------------------


@pytest.mark.parametrize("what", ["members", "orders", "guides", "stores"])
def test_dash_writes_csv_to_stdout(data, tmp_path, what):
    r = data("export", what, "-")
    assert r.exit_code == 0, r.output
    assert "standard output" in r.stderr and r.stdout not in r.stderr
    assert not r.stdout.startswith("\ufeff")  # no BOM in a pipe
    assert "\r" not in r.stdout  # \n line ends for awk, cut and friends
    to_file = tmp_path / f"{what}-export.csv"
    assert data("export", what, to_file).exit_code == 0
    # the same rows as the file (which keeps its BOM and CRLF for Excel)
    assert r.stdout == to_file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert not (tmp_path / "-").exists()


def test_dash_stdout_keeps_masking_and_the_formula_guard(data):
    r = data("export", "members", "-")
    assert "13800138000" not in r.stdout and "138****8000" in r.stdout
    shown = data("export", "members", "-", "--show-pii")
    assert "13800138000" in shown.stdout


def test_import_from_stdin(data, tmp_path, monkeypatch):
    import tempfile

    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    csv_text = "手机号,姓名,会员等级\n13900000001,新会员,银卡\n13900000002,另一位,金卡\n"
    r = data("import", "members", "-", "--json", input=csv_text)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["inserted"] == 2
    assert list(spool.iterdir()) == []  # the spooled copy is gone
    # a round trip through a pipe: export with personal data, import it back unchanged
    exported = data("export", "members", "-", "--show-pii", "--lang", "zh").stdout
    r = data("import", "members", "-", "--json", input=exported)
    assert json.loads(r.stdout)["unchanged"] == 4 and json.loads(r.stdout)["rejected"] == 0
    log = data("import", "members", "-", "--dry-run", input=csv_text)
    assert log.exit_code == 0


def test_import_from_empty_stdin_is_refused(data):
    r = data("import", "members", "-", input="")
    assert r.exit_code == 1 and "standard input was empty" in r.stderr


def test_stdin_that_is_a_terminal_is_refused(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    with pytest.raises(UsageError, match="terminal"), stdin.spooled_stdin():
        pass


def test_an_xlsx_on_stdin_is_recognized(monkeypatch, tmp_path):
    from privcli.io.writers import open_writer

    w = open_writer(tmp_path / "x.xlsx", ["手机号"])
    w.writerow(["13900000001"])
    w.close()
    raw = io.BytesIO((tmp_path / "x.xlsx").read_bytes())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
    with stdin.spooled_stdin() as path:
        assert path.name == "stdin.xlsx"
        assert path.read_bytes() == (tmp_path / "x.xlsx").read_bytes()
        folder = path.parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not folder.exists()


# -- file modes and atomic files --------------------------------------------------------------------


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_show_pii_files_are_the_owners_only(data, tmp_path, umask_022, ext):
    masked, shown = tmp_path / f"masked.{ext}", tmp_path / f"shown.{ext}"
    assert data("export", "members", masked).exit_code == 0
    assert stat.S_IMODE(masked.stat().st_mode) == 0o644
    assert data("export", "members", shown, "--show-pii").exit_code == 0
    assert stat.S_IMODE(shown.stat().st_mode) == 0o600
    # replacing a readable file with personal data makes it private too
    assert data("export", "members", masked, "--show-pii").exit_code == 0
    assert stat.S_IMODE(masked.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_private_file_is_never_readable_by_others_while_written(tmp_path, monkeypatch):
    """The file is 0600 from its creation, before the first byte (even with umask 0): not
    created readable and narrowed afterwards."""
    monkeypatch.setattr(os, "umask", os.umask)
    old = os.umask(0)
    try:
        target = files.AtomicFile(tmp_path / "plan.csv", private=True)
        assert stat.S_IMODE(target.tmp.stat().st_mode) == 0o600
        assert not (tmp_path / "plan.csv").exists()  # not there until complete
        target.stream.write(b"x")
        target.commit()
        assert stat.S_IMODE((tmp_path / "plan.csv").stat().st_mode) == 0o600
        assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]
    finally:
        os.umask(old)


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_a_failed_export_leaves_the_previous_file_as_it_was(data, tmp_path, monkeypatch, ext):
    out = tmp_path / f"members-export.{ext}"
    assert data("export", "members", out).exit_code == 0  # yesterday's export
    yesterday = out.read_bytes()

    def broken(*args, **kwargs):
        yield [["13800138000"], ["K1"]] + [[None]] * 11
        raise PrivcliError("the database went away")

    from privcli.members import logic

    monkeypatch.setattr(logic, "member_columns", broken)
    r = data("export", "members", out)
    assert r.exit_code == 1
    assert out.read_bytes() == yesterday
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".members-export")] == []


def test_unwritable_destination_is_a_clear_error(data, tmp_path):
    r = data("export", "members", tmp_path / "no" / "such" / "folder" / "m.xlsx")
    assert r.exit_code == 1 and "cannot write" in r.stderr


# -- help -----------------------------------------------------------------------------------------


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix}{name} ")


COMMANDS = [("", typer.main.get_command(app)), *_commands(typer.main.get_command(app))]


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[p or "privcli" for p, _ in COMMANDS])
def test_help_shows_flags_as_flags_and_ends_with_examples(path, cmd):
    from typer.testing import CliRunner

    r = CliRunner().invoke(app, [*path.split(), "--help"])
    assert r.exit_code == 0, r.output
    assert "<bool>" not in r.output  # --dry-run, --json, --show-pii, --help take no value
    last = (cmd.help or "").strip().split("\n\n")[-1]
    assert last.startswith("Examples: "), f"privcli {path}: help ends with {last!r}"
    examples = " ".join(last.removeprefix("Examples: ").split()).split(" · ")
    assert 2 <= len(examples) <= 3, examples
    assert all(e.lstrip().startswith(("privcli ", "cat ", "PRIVCLI_")) for e in examples)


def test_error_report_csv_is_the_owners_only(chain, tmp_path, umask_022):
    bad = write_csv(tmp_path / "bad.csv", "手机号,姓名\n12345,李四\n13800138000,王五\n")
    report = tmp_path / "errors.csv"
    assert chain("import", "members", bad, "--errors", report).exit_code == 3
    assert "12345" in report.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_install_across_file_systems_copies_privately(tmp_path, monkeypatch, umask_022):
    """A report moved to another file system is copied: into a 0600 file, renamed into place
    (shutil.move would copy into a readable file and narrow it afterwards)."""
    src = tmp_path / "report.tmp"
    src.write_bytes(b"row")
    src.chmod(0o600)
    dest = tmp_path / "report.csv"
    dest.write_bytes(b"old")
    dest.chmod(0o644)
    real = os.replace

    def cross_device(a, b):
        if os.fspath(a) == os.fspath(src):
            raise OSError(18, "Invalid cross-device link")
        real(a, b)

    monkeypatch.setattr(os, "replace", cross_device)
    files.install(src, dest, private=True)
    assert dest.read_bytes() == b"row" and stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert not src.exists() and [p.name for p in tmp_path.iterdir()] == ["report.csv"]
