"""The schema, as SQLModel tables.

Imported only when the schema is created or upgraded (migrations.py) or by code that wants ORM
objects for a handful of rows: importing SQLModel costs ~0.4 s, which small commands must not pay.
Keys: stores by `code`, guides by `code` (the 工号, usually also the WeCom userid), members by
`phone`, orders by `order_no`; integer surrogate ids link the tables so that 20 M members stay
compact. Money is integer fen; times are wall-clock in the business zone (config.business_tz).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index
from sqlmodel import Field, SQLModel

# Times are wall-clock times in the business zone (config.business_tz), stored without a zone:
# SQLModel would otherwise make them TIMESTAMP WITH TIME ZONE on PostgreSQL, and the session's
# zone would shift what was imported.
WALL_CLOCK = DateTime(timezone=False)


class SchemaVersion(SQLModel, table=True):
    __tablename__ = "schema_version"
    version: int = Field(primary_key=True)
    applied_at: datetime = Field(sa_type=WALL_CLOCK)


class Store(SQLModel, table=True):
    __tablename__ = "stores"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str | None = None
    region: str | None = Field(default=None, index=True)
    city: str | None = None
    created_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    updated_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


class Guide(SQLModel, table=True):
    __tablename__ = "guides"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str | None = None
    store_id: int | None = Field(default=None, foreign_key="stores.id", index=True)
    # guide | manager (店长) | distributor (分销员): later commission modules key off this.
    role: str = Field(default="guide")
    status: str = Field(default="active")  # active | departed
    hired_on: date | None = None
    departed_on: date | None = None
    wecom_userid: str | None = None
    created_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    updated_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


class Member(SQLModel, table=True):
    __tablename__ = "members"
    __table_args__ = (
        Index("ix_members_guide", "guide_id"),
        Index("ix_members_store", "store_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(unique=True)
    member_no: str | None = None
    name: str | None = None
    gender: str | None = None  # M | F | NULL (unknown)
    birthday: date | None = None
    level: str | None = None
    points: int | None = None
    registered_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    store_id: int | None = Field(default=None, foreign_key="stores.id")
    guide_id: int | None = Field(default=None, foreign_key="guides.id")  # current owner
    acquired_by: int | None = Field(default=None, foreign_key="guides.id")  # never changes
    channel: str | None = None
    external_userid: str | None = Field(default=None, index=True)
    created_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    updated_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


class MemberTag(SQLModel, table=True):
    __tablename__ = "member_tags"
    __table_args__ = (Index("ix_member_tags_tag", "tag", "member_id"),)
    member_id: int = Field(foreign_key="members.id", primary_key=True)
    tag: str = Field(primary_key=True)
    # import | operator | channel | derived: an import replaces only its own tags.
    source: str = Field(default="import")
    created_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_member", "member_id"),
        Index("ix_orders_guide_paid", "guide_id", "paid_at"),
        Index("ix_orders_store_paid", "store_id", "paid_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(unique=True)
    member_id: int | None = Field(default=None, foreign_key="members.id")
    store_id: int | None = Field(default=None, foreign_key="stores.id")
    guide_id: int | None = Field(default=None, foreign_key="guides.id")  # credited guide
    status: str  # paid | refunded | cancelled
    amount_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    paid_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    coupon_code: str | None = None
    channel: str | None = None  # store | mall | ... (online sales credited to guides, later)
    created_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    updated_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


class ImportLog(SQLModel, table=True):
    __tablename__ = "import_log"
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    file_name: str
    sha256: str
    started_at: datetime = Field(sa_type=WALL_CLOCK)
    finished_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0


class OwnerLog(SQLModel, table=True):
    """Every change of a member's owning guide, whoever made it: the audit trail that explains
    each member's current owner (imports, transfers, undo)."""

    __tablename__ = "owner_log"
    __table_args__ = (
        Index("ix_owner_log_member", "member_id", "changed_at"),
        Index("ix_owner_log_batch", "batch_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="members.id")
    from_guide_id: int | None = Field(default=None, foreign_key="guides.id")
    to_guide_id: int | None = Field(default=None, foreign_key="guides.id")
    changed_at: datetime = Field(sa_type=WALL_CLOCK)
    source: str  # import | transfer | undo
    import_id: int | None = Field(default=None, foreign_key="import_log.id")
    batch_id: int | None = Field(default=None, foreign_key="transfer_batch.id")
    reason: str | None = None
    # WeCom takeover state of a transfer: not_sent | pending | accepted | refused | over_limit
    # (a WeCom transfer completes only after 24 h, unless the customer refuses).
    wecom_status: str | None = None
    wecom_checked_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


class TransferBatch(SQLModel, table=True):
    """One run of `privcli transfer` (or of `transfer undo`): the unit of audit and undo."""

    __tablename__ = "transfer_batch"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_type=WALL_CLOCK)
    kind: str  # transfer | undo
    reason: str  # resigned | reassigned | assigned (members without owner) | undo
    strategy: str | None = None
    scope: str | None = None
    sources: str | None = None  # what was asked for: guide ids, --all-departed, --unassigned
    operator: str | None = None
    moved: int = 0
    skipped: int = 0
    unplaced: int = 0
    undo_of: int | None = Field(default=None, foreign_key="transfer_batch.id")
    undone_by: int | None = Field(default=None, foreign_key="transfer_batch.id")


class Task(SQLModel, table=True):
    """A concrete piece of work for one guide about one customer (daily task lists, SOP rules).
    Pending tasks follow their customer when the customer changes guide."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_guide_due", "guide_id", "due_on"),
        Index("ix_tasks_member", "member_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    guide_id: int | None = Field(default=None, foreign_key="guides.id")
    member_id: int | None = Field(default=None, foreign_key="members.id")
    rule: str  # the SOP rule that produced it (birthday, dormant, repurchase, ...)
    due_on: date
    status: str = Field(default="pending")  # pending | done | skipped | expired
    minutes: int | None = None  # time budget the rule estimates for it
    payload: str | None = None  # JSON: content, coupon, script for the guide
    created_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)
    completed_at: datetime | None = Field(default=None, sa_type=WALL_CLOCK)


V1_TABLES = [SchemaVersion, Store, Guide, Member, MemberTag, Order, ImportLog, TransferBatch,
             OwnerLog]  # fmt: skip
V2_TABLES = [TransferBatch, Task]
