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

STEPS = (
    *STEPS,
    Step(
        "002_sop",
        "task details, generation runs, holdout groups, WeCom pushes",
        # tasks: one row per (due_on, member) at most; priority, reason and message as generated
        # (the reason in the language of the run, the message with the member's name filled
        # in); coupon_id/coupon_code when the rule hands out a coupon; store_id is the guide's
        # store when generated (reports by store keep the store the task was planned for);
        # run_id names the task_runs row; result/note come from `tasks done` or a filled-in
        # sheet (result: contacted | no_reply | refused | purchased). status: pending | done |
        # skipped. task_runs: one row per `tasks generate` (date, options, the rules file's
        # digest, counts as JSON). task_holdouts: members drawn as a rule's control group on a
        # date (untasked on purpose), the baseline a rule's uplift is measured against.
        # task_pushes: one row per guide and date sent to WeCom (status sent | invalid | failed,
        # errcode kept), so a push never repeats unless --resend.
        """
        ALTER TABLE tasks ADD COLUMN priority INTEGER;
        ALTER TABLE tasks ADD COLUMN reason VARCHAR;
        ALTER TABLE tasks ADD COLUMN message VARCHAR;
        ALTER TABLE tasks ADD COLUMN coupon_id INTEGER;
        ALTER TABLE tasks ADD COLUMN coupon_code VARCHAR;
        ALTER TABLE tasks ADD COLUMN store_id INTEGER;
        ALTER TABLE tasks ADD COLUMN run_id INTEGER;
        ALTER TABLE tasks ADD COLUMN result VARCHAR;
        ALTER TABLE tasks ADD COLUMN note VARCHAR;
        CREATE INDEX IF NOT EXISTS ix_tasks_due_status ON tasks (due_on, status);
        CREATE INDEX IF NOT EXISTS ix_tasks_member_rule ON tasks (member_id, rule, due_on);
        CREATE TABLE IF NOT EXISTS task_runs (
            id {id},
            due_on DATE NOT NULL,
            generated_at {ts} NOT NULL,
            rules_file VARCHAR,
            rules_digest VARCHAR,
            budget_minutes INTEGER,
            holdout_pct INTEGER,
            store_filter VARCHAR,
            counts VARCHAR,
            operator VARCHAR
        );
        CREATE INDEX IF NOT EXISTS ix_task_runs_due ON task_runs (due_on);
        CREATE TABLE IF NOT EXISTS task_holdouts (
            due_on DATE NOT NULL,
            rule VARCHAR NOT NULL,
            member_id INTEGER NOT NULL,
            guide_id INTEGER,
            store_id INTEGER,
            run_id INTEGER,
            PRIMARY KEY (due_on, rule, member_id)
        );
        CREATE TABLE IF NOT EXISTS task_pushes (
            due_on DATE NOT NULL,
            guide_id INTEGER NOT NULL,
            pushed_at {ts} NOT NULL,
            status VARCHAR NOT NULL,
            tasks INTEGER NOT NULL,
            errcode INTEGER,
            detail VARCHAR,
            PRIMARY KEY (due_on, guide_id)
        )
        """,
    ),
)
