-- Buyers per group (a paid sale in [:start, :end)) and the repurchasers among them: those who
-- bought on two days or more up to the end of the period, so that their latest purchase in it
-- has a previous one.
SELECT /*group*/ AS g, COUNT(*) AS buyers,
       SUM(CASE WHEN x.days > 1 THEN 1 ELSE 0 END) AS repurchasers
FROM (SELECT o.member_id, COUNT(DISTINCT /*day*/) AS days, MAX(o.paid_at) AS last_at
      FROM orders o
      WHERE o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
        AND o.paid_at < :end
      GROUP BY o.member_id) x
JOIN members m ON m.id = x.member_id
/*join*/
WHERE x.last_at >= :start
GROUP BY 1
