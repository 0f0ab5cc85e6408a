"""Messages of the daily tasks capability: id → (English, Chinese). One dict per part of the
capability (each part's commands own theirs), merged into the catalogue's MESSAGES."""

from __future__ import annotations

# -- rules, generate, explain (generate_commands) ------------------------------------------------
GENERATE: dict[str, tuple[str, str]] = {}

# -- list, export, done, import-results, report (worklist_commands) ------------------------------
WORKLIST: dict[str, tuple[str, str]] = {}

# -- push to WeCom (push_commands) ---------------------------------------------------------------
PUSH: dict[str, tuple[str, str]] = {}

MESSAGES: dict[str, tuple[str, str]] = {**GENERATE, **WORKLIST, **PUSH}
