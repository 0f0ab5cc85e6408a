"""The WeCom client and settings against the fake WeCom server: tokens, retries, pacing, errors,
`privcli config`, `privcli wecom check`, and that no secret or token is ever shown."""

from __future__ import annotations

import json
import logging
import stat

import pytest
from conftest import APP_SECRET, CONTACT_SECRET
from fake_wecom import contact

from privcli.wecom.client import WecomClient, WecomError
from privcli.wecom.settings import load


def client() -> WecomClient:
    return WecomClient(load())


def test_config_shows_each_setting_with_its_source_and_masks_secrets(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("PRIVCLI_WECOM_CORP_ID", raising=False)
    for n in ("APP_SECRET", "CONTACT_SECRET", "RATE", "AGENT_ID", "TOKEN_CACHE"):
        monkeypatch.delenv(f"PRIVCLI_WECOM_{n}", raising=False)
    cfg = tmp_path / "ops.toml"
    cfg.write_text(
        f'[wecom]\ncorp_id = "ww123"\napp_secret = "{APP_SECRET}"\nrate = 5\n'
        'webhook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bot-key-123"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PRIVCLI_WECOM_RATE", "8")
    r = cli.runner.invoke(
        __import__("privcli.cli", fromlist=["app"]).app,
        ["--db", "postgresql://ops:pa55word@db.example/chain", "--config", str(cfg), "config", "-f", "json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = {row["setting"]: row for row in json.loads(r.stdout)}
    assert rows["PRIVCLI_WECOM_CORP_ID"]["value"] == "ww123"
    assert rows["PRIVCLI_WECOM_CORP_ID"]["source"] == f"{cfg} [wecom] corp_id"
    assert rows["PRIVCLI_WECOM_RATE"] == {"setting": "PRIVCLI_WECOM_RATE", "value": "8.0", "source": "env PRIVCLI_WECOM_RATE"}  # fmt: skip
    assert rows["PRIVCLI_WECOM_CONTACT_SECRET"]["source"] == "app_secret"
    assert rows["PRIVCLI_WECOM_APP_SECRET"]["value"].startswith("****** (sha256 ")
    assert rows["PRIVCLI_WECOM_BASE_URL"]["source"] == "default"
    assert rows["PRIVCLI_DB"]["value"] == "postgresql://ops:***@db.example/chain"
    assert rows["PRIVCLI_CONFIG"]["source"] == "option --config"
    for secret in (APP_SECRET, "bot-key-123", "pa55word"):
        assert secret not in r.output


def test_a_bad_config_file_is_a_usage_error(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[wecom\n", encoding="utf-8")
    r = cli("--config", bad, "config") if False else cli.runner.invoke(
        __import__("privcli.cli", fromlist=["app"]).app, ["--config", str(bad), "config"]
    )  # fmt: skip
    assert r.exit_code == 2 and "not valid TOML" in r.output


def test_tokens_are_cached_per_secret_in_files_only_the_owner_reads(wecom, tmp_path):
    with client() as c:
        app, contact_token = c.token("app"), c.token("contact")
    assert app != contact_token and wecom.fake.calls["gettoken"] == 2
    files = sorted((tmp_path / "tokens").iterdir())
    assert len(files) == 2
    assert stat.S_IMODE((tmp_path / "tokens").stat().st_mode) == 0o700
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
        text = f.read_text()
        assert APP_SECRET not in text and CONTACT_SECRET not in text
    with client() as c:  # another run: the cached tokens, no new gettoken
        assert c.token("app") == app
        c.get("externalcontact/get_follow_user_list")
    assert wecom.fake.calls["gettoken"] == 2
    # a cache file others could read is not trusted
    files[0].chmod(0o644)
    with client() as c:
        c.token("app"), c.token("contact")
    assert wecom.fake.calls["gettoken"] == 3


def test_a_token_that_expires_mid_run_is_refreshed_transparently(wecom):
    fake = wecom.fake
    fake.users = {"u1": __import__("fake_wecom").User("u1")}
    fake.book = __import__("fake_wecom").Book({"u1": [contact(f"wm{i}", "u1") for i in range(250)]})
    with client() as c:
        seen = []
        for n, page in enumerate(
            c.pages("externalcontact/batch/get_by_user", {"userid_list": ["u1"], "limit": 100})
        ):
            seen += page["external_contact_list"]
            if n == 0:
                fake.expire_tokens()  # WeCom invalidates the token between two pages
        assert len(seen) == 250 and c.refreshes == 1
    fake.expire_every = 2  # new tokens live two calls: every third call refreshes
    fake.expire_tokens()
    with client() as c:
        for _ in range(7):
            c.get("externalcontact/get_follow_user_list")
        assert c.refreshes >= 2


def test_a_bad_secret_stops_at_once_without_retry(wecom, chain, monkeypatch):
    monkeypatch.setenv("PRIVCLI_WECOM_CONTACT_SECRET", "wrong-secret")
    r = chain("wecom", "sync")
    assert r.exit_code == 1
    assert "rejected the secret (40001)" in r.output and "did not retry" in r.output
    assert wecom.fake.calls["gettoken"] == 1 and not wecom.sleeps
    assert "wrong-secret" not in r.output


def test_busy_throttled_and_network_errors_back_off_exponentially_then_succeed(wecom):
    fake = wecom.fake
    fake.throttle("externalcontact/get_follow_user_list", after=0, times=3)
    with client() as c:
        c.get("externalcontact/get_follow_user_list")
        assert c.retries == 3
    # exponential with jitter: each wait within [d/2, d] for d = 1, 2, 4 s
    backoff = [s for s in wecom.sleeps if s >= 0.1]  # not the pacing waits (1 ms at 1000/s)
    assert len(backoff) == 3
    for wait, d in zip(backoff, (1, 2, 4)):
        assert d / 2 <= wait <= d
    fake.fail_network(2)
    with client() as c:
        c.get("externalcontact/get_follow_user_list")
        assert c.retries == 2


def test_throttling_that_lasts_gives_an_operator_message(wecom):
    wecom.fake.throttle("externalcontact/get_follow_user_list")
    with client() as c, pytest.raises(WecomError) as e:
        c.get("externalcontact/get_follow_user_list")
    assert e.value.errcode == 45009
    assert "frequency limit" in e.value.message and "PRIVCLI_WECOM_RATE" in e.value.hint
    assert len([s for s in wecom.sleeps if s >= 0.5]) == 6  # PRIVCLI_WECOM_RETRIES default


def test_calls_are_paced_to_the_configured_rate(wecom, monkeypatch):
    monkeypatch.setenv("PRIVCLI_WECOM_RATE", "10")
    clock = [0.0]
    waits: list[float] = []

    def sleep(s):
        waits.append(s)
        clock[0] += s

    with WecomClient(load(), sleep=sleep, clock=lambda: clock[0]) as c:
        for _ in range(5):
            c.get("externalcontact/get_follow_user_list")
    # 6 calls (gettoken included) at 10 per second: 5 waits of 0.1 s
    assert waits == pytest.approx([0.1] * 5)


def test_unknown_errcodes_name_the_code_and_where_to_look(wecom):
    wecom.fake.pair_errors[("a", "b")] = 0
    with client() as c, pytest.raises(WecomError) as e:
        c.post("externalcontact/no_such_api", {})
    assert "60001" in e.value.message and "devtool/query?e=60001" in e.value.hint


def test_check_passes_when_everything_is_there(wecom, chain):
    from fake_wecom import User

    wecom.fake.users = {g: User(g) for g in ("G1", "G2", "G3")}
    r = chain("wecom", "check", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = {row["check"]: row for row in json.loads(r.stdout)}
    assert all(row["status"] == "ok" for row in rows.values()), rows
    assert "3 follow users" in rows["客户联系: get_follow_user_list"]["detail"]


def test_check_reports_what_is_missing(wecom, chain, monkeypatch):
    from fake_wecom import User

    wecom.fake.users = {"G1": User("G1")}
    wecom.fake.apps[1].contact = False  # the app is not allowed to call 客户联系 APIs
    monkeypatch.setenv("PRIVCLI_WECOM_AGENT_ID", "1000009")
    r = chain("wecom", "check", "-f", "json")
    assert r.exit_code == 1
    rows = {row["check"]: row for row in json.loads(r.stdout)}
    assert rows["token (app secret)"]["status"] == "ok"
    assert rows["客户联系: get_follow_user_list"]["status"] == "missing"
    assert "可调用接口的应用" in rows["客户联系: get_follow_user_list"]["detail"]
    assert rows["app messages: agent/get"]["status"] == "missing"
    assert "AgentId" in rows["app messages: agent/get"]["detail"]


def test_commands_refuse_when_wecom_is_not_configured(chain, monkeypatch):
    monkeypatch.delenv("PRIVCLI_WECOM_CORP_ID", raising=False)
    r = chain("wecom", "sync")
    assert r.exit_code == 2 and "PRIVCLI_WECOM_CORP_ID" in r.output


def test_no_secret_or_token_reaches_output_logs_errors_or_other_files(
    wecom, chain, caplog, tmp_path, monkeypatch
):
    from fake_wecom import Book, User

    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    fake = wecom.fake
    fake.users = {"G1": User("G1")}
    fake.book = Book({"G1": [contact("wmA", "G1", mobiles=["13800000001"])]})
    fake.throttle("externalcontact/get_corp_tag_list", after=0, times=1)
    fake.fail_network(1)
    outputs = [chain("wecom", "check"), chain("wecom", "sync", "--json"), chain("config")]
    fake.expire_tokens()
    outputs.append(chain("wecom", "stats", "--period", "yesterday"))
    monkeypatch.setenv("PRIVCLI_WECOM_APP_SECRET", APP_SECRET + "x")  # 40001
    outputs.append(chain("wecom", "check"))
    monkeypatch.setenv("PRIVCLI_WECOM_BASE_URL", "http://127.0.0.1:9/cgi-bin/")
    assert any(r.exit_code == 1 for r in outputs)
    secrets = [APP_SECRET, CONTACT_SECRET, *fake.tokens]
    text = "\n".join(r.output + repr(r.exception) for r in outputs) + caplog.text
    assert "access_token=***" in caplog.text  # httpx's request lines, masked
    for s in secrets:
        assert s not in text
    tokens_dir = tmp_path / "tokens"
    for f in tmp_path.rglob("*"):
        if f.is_file() and tokens_dir not in f.parents:
            data = f.read_bytes()
            for s in secrets:
                assert s.encode() not in data, f
