"""`privcli wecom check`: are the credentials and permissions the WeCom features need there?

One line per need: the settings, a token for each secret, the 客户联系 permission (the follow
user list, the corp tags), which active guides are follow users, and the app message rights
(agent/get: the agent id belongs to the app secret; its visible range). Every check runs even
when an earlier one fails, so one run shows everything that is missing.
"""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.messages import t
from privcli.base.output import Listing
from privcli.wecom.client import WecomClient, WecomError
from privcli.wecom.contacts import guide_userids
from privcli.wecom.settings import Settings


def run_checks(db: Database, settings: Settings, client: WecomClient) -> tuple[Listing, bool]:
    rows: list[list[str]] = []

    def add(name: str, ok: bool, detail: str) -> bool:
        rows.append([name, "ok" if ok else "missing", detail])
        return ok

    def attempt(name: str, call):
        try:
            return call()
        except WecomError as e:
            add(name, False, f"{e.message}; {e.hint}" if e.hint else e.message)
            return None

    for name in ("corp_id", "app_secret", "agent_id"):
        add(f"PRIVCLI_WECOM_{name.upper()}", bool(getattr(settings, name)), settings.sources[name])
    if not settings.corp_id:
        return Listing(["check", "status", "detail"], rows, title=t("wecom.check_title")), False
    if settings.app_secret and attempt("token (app secret)", lambda: client.token("app")):
        add("token (app secret)", True, t("wecom.check_token"))
    separate = settings.contact_secret and settings.contact_secret != settings.app_secret
    if separate and attempt("token (contact secret)", lambda: client.token("contact")):
        add("token (contact secret)", True, t("wecom.check_token"))
    if settings.contact_secret:
        follow = attempt(
            "客户联系: get_follow_user_list",
            lambda: client.get("externalcontact/get_follow_user_list").get("follow_user") or [],
        )
        if follow is not None:
            add("客户联系: get_follow_user_list", True, t("wecom.check_follow", n=len(follow)))
            active_ids = {r[0] for r in db.execute("SELECT id FROM guides WHERE status = 'active'")}
            active = {uid for uid, gid in guide_userids(db).items() if gid in active_ids}
            missing = sorted(active - set(follow))
            add(
                "guides are follow users",
                not missing,
                t("wecom.check_guides_ok", n=len(active))
                if not missing
                else t("wecom.check_guides_missing", n=len(missing), sample=", ".join(missing[:5])),
            )
        tags = attempt(
            "客户联系: get_corp_tag_list",
            lambda: client.post("externalcontact/get_corp_tag_list", {}).get("tag_group") or [],
        )
        if tags is not None:
            add("客户联系: get_corp_tag_list", True, t("wecom.check_tags", n=len(tags)))
    if settings.app_secret and settings.agent_id:
        agent = attempt(
            "app messages: agent/get",
            lambda: client.get("agent/get", {"agentid": settings.agent_id}, app="app"),
        )
        if agent is not None:
            users = len((agent.get("allow_userinfos") or {}).get("user") or [])
            closed = bool(agent.get("close"))
            add(
                "app messages: agent/get",
                not closed,
                t("wecom.check_agent_closed") if closed else t("wecom.check_agent", n=users),
            )
    ok = all(r[1] == "ok" for r in rows)
    return Listing(["check", "status", "detail"], rows, title=t("wecom.check_title")), ok
