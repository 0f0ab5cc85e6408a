-- One member's order summary: paid sales net of refunds are what leaderboards count.
SELECT
  SUM(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) AS paid_orders,
  COALESCE(SUM(CASE WHEN status = 'paid' THEN amount_fen ELSE 0 END), 0) AS paid_fen,
  SUM(CASE WHEN status = 'refunded' THEN 1 ELSE 0 END) AS refunded_orders,
  COALESCE(SUM(CASE WHEN status = 'refunded' THEN amount_fen ELSE 0 END), 0) AS refunded_fen,
  SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled_orders,
  MIN(CASE WHEN status <> 'cancelled' THEN paid_at END) AS first_order_at,
  MAX(CASE WHEN status <> 'cancelled' THEN paid_at END) AS last_order_at
FROM orders
WHERE member_id = :member_id
