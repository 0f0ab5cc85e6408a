"""Schema steps of the transfer capability: handover batches and the owner log (every change of
a member's owning guide, whoever made it). Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step, add_columns

STEPS = (
    Step(
        "001_batches_owner_log",
        "transfer batches and the owner log",
        """
        CREATE TABLE IF NOT EXISTS transfer_batch (
            id {id},
            created_at {ts} NOT NULL,
            kind VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            strategy VARCHAR,
            scope VARCHAR,
            sources VARCHAR,
            operator VARCHAR,
            moved INTEGER NOT NULL,
            skipped INTEGER NOT NULL,
            unplaced INTEGER NOT NULL,
            undo_of INTEGER REFERENCES transfer_batch (id),
            undone_by INTEGER REFERENCES transfer_batch (id)
        );
        CREATE TABLE IF NOT EXISTS owner_log (
            id {id},
            member_id INTEGER NOT NULL REFERENCES members (id),
            from_guide_id INTEGER REFERENCES guides (id),
            to_guide_id INTEGER REFERENCES guides (id),
            changed_at {ts} NOT NULL,
            source VARCHAR NOT NULL,
            import_id INTEGER REFERENCES import_log (id),
            batch_id INTEGER REFERENCES transfer_batch (id),
            reason VARCHAR
        );
        CREATE INDEX IF NOT EXISTS ix_owner_log_batch ON owner_log (batch_id);
        CREATE INDEX IF NOT EXISTS ix_owner_log_member ON owner_log (member_id, changed_at)
        """,
    ),
    Step(
        "002_wecom_takeover",
        "WeCom takeover state of each move",
        run=lambda db: add_columns(
            db, "owner_log", {"wecom_status": "VARCHAR", "wecom_checked_at": "{ts}"}
        ),
    ),
)
