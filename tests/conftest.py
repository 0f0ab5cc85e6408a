"""Test isolation: every test gets its own empty store, on SQLite and, when PRIVCLI_TEST_PG_URL is
set, on PostgreSQL too (a fresh schema per test, selected through search_path)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from privcli.base.db import Database
from privcli.capabilities import open_store
from privcli.cli import app

PG_URL = os.environ.get("PRIVCLI_TEST_PG_URL")
KIT = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("PRIVCLI_DB", raising=False)
    monkeypatch.delenv("PRIVCLI_CONFIG", raising=False)
    for name in list(os.environ):
        if name.startswith("PRIVCLI_WECOM_"):
            monkeypatch.delenv(name)
    from privcli.base import config

    config.set_config_file(None)  # the last command's --config must not leak into the next test
    monkeypatch.chdir(tmp_path)  # default error reports land here, not in the repo


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    if not PG_URL:
        pytest.skip("PRIVCLI_TEST_PG_URL not set")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = Database(PG_URL)
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(schema)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture
def db(db_url):
    d = open_store(db_url)
    yield d
    d.close()


class Cli:
    def __init__(self, url: str):
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args, input: str | None = None):
        return self.runner.invoke(app, ["--db", self.url, *map(str, args)], input=input)


@pytest.fixture
def cli(db_url):
    return Cli(db_url)


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


STORES_CSV = "门店编码,门店名称,大区,城市\nSH01,上海南京西路店,华东,上海\nSH02,上海徐汇店,华东,上海\nGZ01,广州天河店,华南,广州\n"
GUIDES_CSV = (
    "工号,姓名,门店编码,在职状态,入职日期\n"
    "G1,陈静,SH01,在职,2021-04-01\nG2,林涛,SH01,在职,2022-05-01\n"
    "G3,周敏,SH02,在职,2021-06-01\nG4,吴磊,GZ01,离职,2020-01-01\n"
)


@pytest.fixture
def chain(cli, tmp_path):
    """Three stores and four guides, imported through the CLI."""
    r = cli("import", "stores", write_csv(tmp_path / "stores.csv", STORES_CSV))
    assert r.exit_code == 0, r.output
    r = cli("import", "guides", write_csv(tmp_path / "guides.csv", GUIDES_CSV))
    assert r.exit_code == 0, r.output
    return cli


# -- WeCom: the in-process fake server (tests/fake_wecom.py) -----------------------------------
APP_SECRET = "app-secret-Xq7Lr2Vb9TzP4mWk8Ns3Jd6Hf1Gc5Ye0Ua"
CONTACT_SECRET = "contact-secret-Mn4Bv8Cx2Zl6Kj0Hg5Fd9Sa3Qw7Er1Ty"


class Wecom:
    """The fake WeCom server, privcli configured for it, and the waits privcli asked for."""

    def __init__(self, fake, sleeps: list[float]):
        self.fake = fake
        self.sleeps = sleeps


@pytest.fixture
def wecom(monkeypatch, tmp_path):
    from fake_wecom import App, FakeWecom

    from privcli.wecom.client import use_transport

    fake = FakeWecom(
        apps=[App(APP_SECRET, agentid=1000002), App(CONTACT_SECRET, contact=True)],
    )
    for name, value in {
        "CORP_ID": fake.corp_id,
        "AGENT_ID": "1000002",
        "APP_SECRET": APP_SECRET,
        "CONTACT_SECRET": CONTACT_SECRET,
        "RATE": "1000",
        "TOKEN_CACHE": str(tmp_path / "tokens"),
    }.items():
        monkeypatch.setenv(f"PRIVCLI_WECOM_{name}", value)
    sleeps: list[float] = []
    with use_transport(fake.transport(), sleep=sleeps.append):
        yield Wecom(fake, sleeps)
