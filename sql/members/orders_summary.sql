-- One member's order summary. Paid sales net of what was refunded of them (部分退款, returns
-- naming them); refunds: fully refunded sales, the refunded part of paid ones, and returns of
-- their own (kind 'return'), which leaderboards subtract from sales.
SELECT
  SUM(CASE WHEN kind = 'sale' AND status = 'paid' THEN 1 ELSE 0 END) AS paid_orders,
  COALESCE(SUM(CASE WHEN kind = 'sale' AND status = 'paid' THEN amount_fen - refund_fen
                    ELSE 0 END), 0) AS paid_fen,
  SUM(CASE WHEN kind = 'return' OR status = 'refunded' OR refund_fen > 0 THEN 1 ELSE 0 END)
    AS refunded_orders,
  COALESCE(SUM(CASE WHEN kind = 'return' OR status = 'refunded' THEN amount_fen
                    ELSE refund_fen END), 0) AS refunded_fen,
  SUM(CASE WHEN status IN ('cancelled', 'unpaid') THEN 1 ELSE 0 END) AS cancelled_orders,
  MIN(CASE WHEN kind = 'sale' AND status NOT IN ('cancelled', 'unpaid') THEN paid_at END)
    AS first_order_at,
  MAX(CASE WHEN kind = 'sale' AND status NOT IN ('cancelled', 'unpaid') THEN paid_at END)
    AS last_order_at
FROM orders
WHERE member_id = :member_id
