-- The numerator of conversion: customers a guide owned at :start (see customers_at.sql) who
-- made a paid sale in [:start, :end), whichever guide it was credited to. With /*first day*/
-- each counts on the first day they bought (a contest's cumulative trend).
WITH moved AS (
    SELECT l.member_id, l.from_guide_id
    FROM owner_log l
    JOIN (SELECT member_id, MIN(id) AS id FROM owner_log
          WHERE changed_at >= :start GROUP BY member_id) f ON f.id = l.id
),
buyers AS (
    SELECT o.member_id /*first day*/
    FROM orders o
    WHERE o.paid_at >= :start AND o.paid_at < :end
      AND o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
    GROUP BY o.member_id
)
SELECT CASE WHEN v.member_id IS NULL THEN m.guide_id ELSE v.from_guide_id END AS k /*buyer day*/,
       COUNT(*) AS converted
FROM buyers b
JOIN members m ON m.id = b.member_id
LEFT JOIN moved v ON v.member_id = b.member_id
WHERE m.registered_at IS NULL OR m.registered_at < :start
GROUP BY k /*by day*/
