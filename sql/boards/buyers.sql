-- Buyers per leaderboard row: distinct members with a paid sale in [:start, :end) credited to
-- the row (see sales.sql for /*key*/ and /*join*/). With /*first day*/, each buyer counts once,
-- on the first day they bought in the period (a contest's cumulative trend).
SELECT k /*by day*/, COUNT(*) AS buyers
FROM (SELECT /*key*/ AS k, o.member_id /*first day*/
      FROM orders o /*join*/
      WHERE o.paid_at >= :start AND o.paid_at < :end
        AND o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
        /*where*/
      GROUP BY /*key*/, o.member_id) b
GROUP BY k /*by day*/
