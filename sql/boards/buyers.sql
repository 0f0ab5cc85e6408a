-- Buyers per leaderboard row: distinct members with a paid sale in [:start, :end) credited to
-- the row (see sales.sql for /*key*/ and /*join*/). buyers_daily.sql counts each buyer on the
-- first day they bought instead (a contest's cumulative trend).
SELECT /*key*/ AS k, COUNT(DISTINCT o.member_id) AS buyers
FROM orders o /*join*/
WHERE o.paid_at >= :start AND o.paid_at < :end
  AND o.kind = 'sale' AND o.status = 'paid'
  /*where*/
GROUP BY k
