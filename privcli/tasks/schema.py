"""Schema steps of the tasks capability (daily guide tasks). Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_tasks",
        "tasks",
        """
        CREATE TABLE IF NOT EXISTS tasks (
            id {id},
            guide_id INTEGER REFERENCES guides (id),
            member_id INTEGER REFERENCES members (id),
            rule VARCHAR NOT NULL,
            due_on DATE NOT NULL,
            status VARCHAR NOT NULL,
            minutes INTEGER,
            payload VARCHAR,
            created_at {ts},
            completed_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_tasks_member ON tasks (member_id);
        CREATE INDEX IF NOT EXISTS ix_tasks_guide_due ON tasks (guide_id, due_on)
        """,
    ),
)
