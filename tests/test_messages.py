"""The message catalogue: every message has its Chinese text, and the same placeholders in both
languages (a missing {value} would raise in front of a Chinese user only)."""

from __future__ import annotations

import importlib
import string
from pathlib import Path

import pytest

from privcli.base import messages

ROOT = Path(__file__).resolve().parent.parent / "privcli"


def catalogues() -> dict[str, dict[str, tuple[str, str]]]:
    out = {"privcli.base.messages": messages.MESSAGES}
    for p in sorted(ROOT.glob("*/messages.py")):
        if p.parent.name == "base":
            continue
        name = f"privcli.{p.parent.name}.messages"
        out[name] = importlib.import_module(name).MESSAGES
    return out


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize(("module", "catalogue"), list(catalogues().items()))
def test_every_message_has_chinese_and_the_same_placeholders(module, catalogue):
    prefix = module.split(".")[1]
    for key, pair in catalogue.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        en, zh = pair
        assert en.strip(), f"{key}: no English"
        assert zh.strip(), f"{key}: no Chinese translation"
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) or not any(c.isalpha() for c in en), (
            f"{key}: the Chinese text is not Chinese: {zh!r}"
        )
        assert _fields(en) == _fields(zh), f"{key}: placeholders differ"
        if prefix != "base":
            assert key.startswith(prefix + "."), f"{key} belongs in {prefix}'s catalogue"


def test_language_switch(monkeypatch):
    monkeypatch.setenv("PRIVCLI_LANG", "zh")
    assert messages.t("segments.deleted", name="x") == "人群 'x' 已删除"
    monkeypatch.setenv("PRIVCLI_LANG", "en")
    assert messages.t("segments.deleted", name="x") == "segment 'x' deleted"
