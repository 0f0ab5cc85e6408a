-- Sales and paid orders per leaderboard row, by payment time in [:start, :end).
--   sales  = paid sales net of their refunded part (refund_fen), minus return documents
--            (kind 'return': their amount is subtracted, whatever sign it was stored with);
--            a fully refunded sale (status refunded) and a cancelled order count for nothing.
--   orders = paid sales (a partly refunded sale is still an order; a return is none).
-- /*key*/ and /*join*/ say what a row is: the credited guide (o.guide_id), the store
-- (o.store_id), the store's region, the order channel, or a contest team. /*day*/ adds the
-- day, for a contest's daily trend. /*where*/ narrows the orders (the stores of --store).
SELECT /*key*/ AS k /*day*/,
       SUM(CASE WHEN o.kind = 'return' THEN -ABS(o.amount_fen)
                ELSE o.amount_fen - o.refund_fen END) AS sales_fen,
       SUM(CASE WHEN o.kind = 'return' THEN 0 ELSE 1 END) AS orders
FROM orders o /*join*/
WHERE o.paid_at >= :start AND o.paid_at < :end
  AND ((o.kind = 'sale' AND o.status = 'paid') OR (o.kind = 'return' AND o.status <> 'cancelled'))
  /*where*/
GROUP BY k /*by day*/
