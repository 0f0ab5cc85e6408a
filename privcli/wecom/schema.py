"""Schema steps of the WeCom capability. Frozen: add, never edit.

- wecom_contacts: each customer WeCom knows (external_userid) and the member it is linked to
  (members.external_userid holds the same link, for the rest of privcli);
- wecom_follows: who follows whom (a customer followed by several guides has several rows), with
  the add time, add way, remark and remark_mobiles; wecom_follow_tags: the corp tags on each
  follow relation; wecom_tags: the corp tag names (get_corp_tag_list);
- wecom_stats: per guide and day, the contact statistics of get_user_behavior_data. The
  leaderboard reads new_contacts, chats, reply_rate (percent, NULL on a day without chats) and
  deletions from here;
- wecom_transfer_chunks / wecom_transfer_items: the push of a transfer batch, chunk by chunk, so
  that an interrupted push resumes without sending anyone twice (see privcli.wecom.transfers).
"""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_contacts_stats_pushes",
        "WeCom customers, follow relations, tags, daily stats, transfer pushes",
        """
        CREATE TABLE IF NOT EXISTS wecom_contacts (
            external_userid VARCHAR NOT NULL PRIMARY KEY,
            name VARCHAR,
            type INTEGER,
            gender INTEGER,
            corp_name VARCHAR,
            member_id INTEGER REFERENCES members (id),
            synced_at {ts} NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wecom_contacts_member ON wecom_contacts (member_id);
        CREATE TABLE IF NOT EXISTS wecom_follows (
            external_userid VARCHAR NOT NULL,
            userid VARCHAR NOT NULL,
            guide_id INTEGER REFERENCES guides (id),
            remark VARCHAR,
            remark_mobiles VARCHAR,
            add_way INTEGER,
            added_at {ts},
            state VARCHAR,
            synced_at {ts} NOT NULL,
            PRIMARY KEY (external_userid, userid)
        );
        CREATE INDEX IF NOT EXISTS ix_wecom_follows_userid ON wecom_follows (userid);
        CREATE INDEX IF NOT EXISTS ix_wecom_follows_guide ON wecom_follows (guide_id);
        CREATE TABLE IF NOT EXISTS wecom_tags (
            tag_id VARCHAR NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            group_id VARCHAR,
            group_name VARCHAR,
            synced_at {ts} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS wecom_follow_tags (
            external_userid VARCHAR NOT NULL,
            userid VARCHAR NOT NULL,
            tag_id VARCHAR NOT NULL,
            PRIMARY KEY (external_userid, userid, tag_id)
        );
        CREATE INDEX IF NOT EXISTS ix_wecom_follow_tags_userid ON wecom_follow_tags (userid);
        CREATE TABLE IF NOT EXISTS wecom_stats (
            guide_id INTEGER NOT NULL REFERENCES guides (id),
            day DATE NOT NULL,
            new_contacts INTEGER NOT NULL,
            chats INTEGER NOT NULL,
            messages INTEGER NOT NULL,
            reply_rate DOUBLE PRECISION,
            avg_reply_minutes DOUBLE PRECISION,
            deletions INTEGER NOT NULL,
            new_applies INTEGER NOT NULL,
            synced_at {ts} NOT NULL,
            PRIMARY KEY (guide_id, day)
        );
        CREATE INDEX IF NOT EXISTS ix_wecom_stats_day ON wecom_stats (day);
        CREATE TABLE IF NOT EXISTS wecom_transfer_chunks (
            id {id},
            batch_id INTEGER NOT NULL REFERENCES transfer_batch (id),
            api VARCHAR NOT NULL,
            handover_userid VARCHAR NOT NULL,
            takeover_userid VARCHAR NOT NULL,
            state VARCHAR NOT NULL,
            created_at {ts} NOT NULL,
            done_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_wecom_transfer_chunks_batch
            ON wecom_transfer_chunks (batch_id, state);
        CREATE TABLE IF NOT EXISTS wecom_transfer_items (
            log_id INTEGER NOT NULL PRIMARY KEY REFERENCES owner_log (id),
            batch_id INTEGER NOT NULL REFERENCES transfer_batch (id),
            member_id INTEGER NOT NULL REFERENCES members (id),
            external_userid VARCHAR NOT NULL,
            api VARCHAR NOT NULL,
            handover_userid VARCHAR NOT NULL,
            takeover_userid VARCHAR NOT NULL,
            chunk_id INTEGER REFERENCES wecom_transfer_chunks (id),
            attempts INTEGER NOT NULL,
            errcode INTEGER,
            result_status INTEGER,
            takeover_at {ts},
            sent_at {ts},
            checked_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_wecom_transfer_items_batch
            ON wecom_transfer_items (batch_id, chunk_id)
        """,
    ),
)
