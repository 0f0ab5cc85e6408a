-- Recency, frequency and monetary value of every member with a paid sale in [:start, :end):
-- the last paid sale, the number of paid sales, and sales (paid sales net of refunds minus the
-- member's return documents, as the leaderboard counts them). Kept in a temporary table that
-- the quintile scores and the segments are then computed over.
CREATE TEMP TABLE rfm_members AS
SELECT o.member_id,
       MAX(CASE WHEN o.kind = 'sale' THEN o.paid_at END) AS last_at,
       SUM(CASE WHEN o.kind = 'sale' THEN 1 ELSE 0 END) AS frequency,
       SUM(CASE WHEN o.kind = 'return' THEN -ABS(o.amount_fen)
                ELSE o.amount_fen - o.refund_fen END) AS monetary_fen,
       0 AS r, 0 AS f, 0 AS m
FROM orders o
WHERE o.paid_at >= :start AND o.paid_at < :end AND o.member_id IS NOT NULL
  AND ((o.kind = 'sale' AND o.status = 'paid') OR (o.kind = 'return' AND o.status <> 'cancelled'))
GROUP BY o.member_id
HAVING SUM(CASE WHEN o.kind = 'sale' THEN 1 ELSE 0 END) > 0
