"""`privcli coupons create|list|show|issue|export|redeem|void|expiring|report`: the coupon bank."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import (
    FormatOpt,
    JsonOpt,
    Lang,
    LimitOpt,
    ShowPii,
    emit,
    fmt_or_json,
    get_db,
    selection_options,
)

app = typer.Typer(
    help="The coupon bank (卡券银行): batches, issue to members through their guides, "
    "redemption from order imports, ROI with a control group.\n\n"
    "Examples: privcli coupons create 满199减30 --kind cash --value 30 --min-spend 199 "
    "--quantity 5000 --valid-days 14 · privcli coupons issue 满199减30 --segment 沉睡VIP --holdout 10 · "
    "privcli coupons report 满199减30 --by guide",
    no_args_is_help=True,
)


class Kind(str, Enum):
    cash = "cash"
    discount = "discount"
    gift = "gift"


class By(str, Enum):
    batch = "batch"
    guide = "guide"
    store = "store"
    region = "region"


_DAY = ["%Y-%m-%d"]
BatchArg = Annotated[str, typer.Argument(help="The batch: its id or its name.")]


def _decimal(value: str | None, option: str) -> Decimal | None:
    from privcli.base.errors import UsageError
    from privcli.base.messages import t

    if value is None:
        return None
    try:
        d = Decimal(value.strip().lstrip("¥￥").rstrip("元"))
    except InvalidOperation:
        raise UsageError(t("coupons.bad_number", option=option, value=value)) from None
    if not d.is_finite():
        raise UsageError(t("coupons.bad_number", option=option, value=value))
    return d


@app.command()
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The batch's name, unique (e.g. 双11满199减30).")],
    kind: Annotated[
        Kind,
        typer.Option(
            help="cash: yuan off (满减 with --min-spend); discount: percent paid; gift: an item."
        ),
    ],
    value: Annotated[
        str,
        typer.Option(
            help="cash: yuan off; discount: percent paid (85 = 15% off, 1-99); gift: the item's "
            "cost in yuan (for ROI)."
        ),
    ],
    quantity: Annotated[int, typer.Option(help="How many coupons the batch holds at most.")],
    min_spend: Annotated[
        str | None, typer.Option(help="Minimum order amount in yuan (满减 threshold).")
    ] = None,
    per_member: Annotated[int, typer.Option(help="Most coupons of this batch per member.")] = 1,
    valid_from: Annotated[
        datetime | None, typer.Option(formats=_DAY, help="First valid day (with --valid-to).")
    ] = None,
    valid_to: Annotated[
        datetime | None, typer.Option(formats=_DAY, help="Last valid day (with --valid-from).")
    ] = None,
    valid_days: Annotated[
        int | None,
        typer.Option(help="Instead of dates: each coupon is valid N days from its issue."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the batch is for.")] = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Create a coupon batch and print its id. Nothing is written if an option is wrong.

    Examples: privcli coupons create 双11满199减30 --kind cash --value 30 --min-spend 199
    --quantity 50000 --valid-from 2026-11-01 --valid-to 2026-11-11 ·
    privcli coupons create 生日85折 --kind discount --value 85 --quantity 100000 --valid-days 30 ·
    privcli coupons create 开卡礼 --kind gift --value 25 --quantity 2000 --valid-days 14 --json
    """
    from privcli.coupons import results
    from privcli.coupons.batches import create as create_batch

    db = get_db(ctx)
    batch = create_batch(
        db,
        name,
        kind=kind.value,
        value=_decimal(value, "--value"),  # type: ignore[arg-type]
        quantity=quantity,
        per_member=per_member,
        min_spend=_decimal(min_spend, "--min-spend"),
        valid_from=valid_from.date() if valid_from else None,
        valid_to=valid_to.date() if valid_to else None,
        valid_days=valid_days,
        note=note,
    )
    emit(results.created(batch), fmt_or_json(fmt, as_json))


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List the batches, newest first: kind, value, validity, quantity, issued, redeemed,
    remaining, state (draft / active / expired / void).

    Examples: privcli coupons list · privcli coupons list -f json
    """
    from privcli.coupons.batches import listing

    db = get_db(ctx)
    with db.transaction(write=False):
        emit(listing(db), fmt)


@app.command()
def show(ctx: typer.Context, batch: BatchArg, fmt: FormatOpt = None) -> None:
    """Show one batch: its rules, counts, state, control group and issue runs.

    Examples: privcli coupons show 双11满199减30 · privcli coupons show 3 -f json
    """
    from privcli.coupons.batches import show as show_batch

    db = get_db(ctx)
    with db.transaction(write=False):
        emit(show_batch(db, batch), fmt)


@app.command()
@selection_options()
def issue(
    ctx: typer.Context,
    selection,
    batch: BatchArg,
    holdout: Annotated[
        int | None,
        typer.Option(
            help="Percent of the eligible members set aside as a control group (no coupon), "
            "drawn reproducibly; only at the batch's first issue."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print how many would get one, by store; write nothing."),
    ] = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Issue the batch to the selected members (every member with an active owning guide when
    no filter is given): one coupon each, up to the batch's quantity and per-member limit.
    Running it again issues only what is still missing. Exit 3 when the quantity ran out.

    Examples: privcli coupons issue 双11满199减30 --segment 沉睡VIP --holdout 10 --dry-run ·
    privcli coupons issue 3 --store SH01 --tag VIP --json ·
    privcli coupons issue 生日85折 --birthday-month 12
    """
    from privcli.coupons import results
    from privcli.coupons.issue import issue as issue_batch

    result = issue_batch(get_db(ctx), batch, selection, holdout=holdout, dry_run=dry_run)
    emit(results.issued(result), fmt_or_json(fmt, as_json))


@app.command()
def export(
    ctx: typer.Context,
    batch: BatchArg,
    file: Annotated[Path, typer.Argument(help="Output file: .csv or .xlsx (by extension).")],
    lang: Annotated[Lang, typer.Option(help="Header language: en or zh.")] = Lang.en,
    show_pii: ShowPii = False,
    fmt: FormatOpt = None,
) -> None:
    """Write the batch's unredeemed coupons for the guides who hand them out: store, guide,
    member phone (masked unless --show-pii), name, code, valid until; by store and guide.

    Examples: privcli coupons export 双11满199减30 handout.xlsx --lang zh ·
    privcli coupons export 3 coupons.csv --show-pii
    """
    from privcli.coupons import results
    from privcli.coupons.report import export_handout

    b, n = export_handout(get_db(ctx), batch, file, lang=lang.value, show_pii=show_pii)
    emit(results.exported(b, str(file), n), fmt)


@app.command()
def redeem(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The coupon code (case, spaces and dashes ignored).")],
    order: Annotated[str, typer.Option("--order", help="The order number that used it.")],
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Redeem a coupon against an imported order by hand, with the checks an order import
    applies (owner, validity on the paid day, minimum spend, one use). A refusal says why
    (exit 2) and changes nothing.

    Examples: privcli coupons redeem 7KQ4M-X9P2H-RTW3C --order SO202611110001 ·
    privcli coupons redeem 7kq4mx9p2hrtw3c --order SO202611110001 --json
    """
    from privcli.coupons import results
    from privcli.coupons.redeem import redeem_manual

    emit(results.redeemed(redeem_manual(get_db(ctx), code, order)), fmt_or_json(fmt, as_json))


@app.command()
def void(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(help="One coupon code to withdraw.")] = None,
    batch: Annotated[
        str | None,
        typer.Option("--batch", help="Withdraw a whole batch (id or name): no further issue."),
    ] = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Withdraw unredeemed coupons: one code, or every one of a batch. They are kept, marked
    void; redeemed coupons stay redeemed.

    Examples: privcli coupons void 7KQ4M-X9P2H-RTW3C · privcli coupons void --batch 双11满199减30 --json
    """
    from privcli.base.errors import UsageError
    from privcli.base.messages import t
    from privcli.coupons import results
    from privcli.coupons.batches import void_batch
    from privcli.coupons.redeem import void_code

    if (code is None) == (batch is None):
        raise UsageError(t("coupons.void_what"), hint=t("coupons.void_what_hint"))
    db = get_db(ctx)
    if batch is not None:
        result = results.voided_batch(void_batch(db, batch))
    else:
        result = results.voided_code(void_code(db, code))  # type: ignore[arg-type]
    emit(result, fmt_or_json(fmt, as_json))


@app.command()
@selection_options()
def expiring(
    ctx: typer.Context,
    selection,
    days: Annotated[
        int, typer.Option(min=0, help="Last valid day within this many days (0: today).")
    ] = 3,
    batch: Annotated[str | None, typer.Option("--batch", help="Only this batch.")] = None,
    limit: LimitOpt = 100,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """List unredeemed coupons about to expire, by guide (who follows each up now), for the
    guides' reminders. The member filters narrow whose coupons are listed.

    Examples: privcli coupons expiring · privcli coupons expiring --days 7 --limit 0 -f csv ·
    privcli coupons expiring --batch 双11满199减30 --guide GSH0101
    """
    from privcli.coupons.report import expiring_listing

    db = get_db(ctx)
    with db.transaction(write=False):
        listing = expiring_listing(db, selection, within_days=days, batch_ref=batch, limit=limit)
        emit(listing, fmt, show_pii)


@app.command()
def report(
    ctx: typer.Context,
    batch: Annotated[
        str | None, typer.Argument(help="One batch (id or name); all if omitted.")
    ] = None,
    by: Annotated[
        By, typer.Option(help="One row per batch, issuing guide, store or region.")
    ] = By.batch,
    output: Annotated[
        Path | None, typer.Option("--output", help="Also write the report to .xlsx or .csv.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Coupon ROI: issued, redeemed, redemption rate, redeemed then refunded, sales of redeemed
    orders, cost, sales per yuan of cost; with a control group, both groups' buyers and sales
    per member over the batch's window, incremental sales and incremental ROI.

    Examples: privcli coupons report · privcli coupons report 双11满199减30 --by store ·
    privcli coupons report --by guide --output coupons-by-guide.xlsx
    """
    from privcli.base import output as out
    from privcli.base.messages import t
    from privcli.coupons.report import report as build
    from privcli.coupons.report import write

    db = get_db(ctx)
    with db.transaction(write=False):
        listing = build(db, batch, by=by.value)
    listing.rows = list(listing.rows)
    if output is not None:
        n = write(listing, output)
        out.info(t("coupons.report_written", n=n, path=output))
    emit(listing, fmt)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="coupons")
