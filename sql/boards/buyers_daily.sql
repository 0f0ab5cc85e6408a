-- Buyers per contest team and day: distinct members with a paid sale in [:start, :end), each
-- counted once, on the first day they bought (a contest's cumulative trend; buyers.sql counts
-- them per row).
SELECT k /*by day*/, COUNT(*) AS buyers
FROM (SELECT /*key*/ AS k, o.member_id /*first day*/
      FROM orders o /*join*/
      WHERE o.paid_at >= :start AND o.paid_at < :end
        AND o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
        /*where*/
      GROUP BY /*key*/, o.member_id) b
GROUP BY k /*by day*/
