-- Sales per store, guide and order channel in [:start, :end): what targets are tracked
-- against, rolled up to the chain, regions, stores, guides and channels (sales as in
-- sales.sql: paid sales net of refunds, minus return documents, by payment time).
SELECT o.store_id, o.guide_id, o.channel,
       SUM(CASE WHEN o.kind = 'return' THEN -ABS(o.amount_fen)
                ELSE o.amount_fen - o.refund_fen END) AS sales_fen
FROM orders o
WHERE o.paid_at >= :start AND o.paid_at < :end
  AND ((o.kind = 'sale' AND o.status = 'paid') OR (o.kind = 'return' AND o.status <> 'cancelled'))
GROUP BY o.store_id, o.guide_id, o.channel
