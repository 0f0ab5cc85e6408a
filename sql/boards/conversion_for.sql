-- Conversion of a few guides (the rows a leaderboard shows; /*guides ...*/ lists them), read
-- from the guides' side instead of every buyer of the period, with the definitions of
-- customers_at.sql and converted.sql: a guide's customers at :start are the members it owns now
-- that were not moved since :start, and the members whose first move since :start was away
-- from it (registered before :start, or without a registration time); converted: those of them
-- with a paid sale in [:start, :end). Index probes per customer, so the cost follows the
-- guides' customers, not the period's orders.
WITH customers AS (
    SELECT m.id AS member_id, m.guide_id AS guide_id
    FROM members m
    WHERE /*guides m.guide_id*/
      AND (m.registered_at IS NULL OR m.registered_at < :start)
      AND NOT EXISTS (SELECT 1 FROM owner_log l
                      WHERE l.member_id = m.id AND l.changed_at >= :start)
    UNION ALL
    SELECT l.member_id, l.from_guide_id
    FROM owner_log l
    JOIN members m ON m.id = l.member_id
    WHERE l.changed_at >= :start AND /*guides l.from_guide_id*/
      AND NOT EXISTS (SELECT 1 FROM owner_log e
                      WHERE e.member_id = l.member_id AND e.changed_at >= :start AND e.id < l.id)
      AND (m.registered_at IS NULL OR m.registered_at < :start)
)
SELECT c.guide_id AS k, COUNT(*) AS customers,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM orders o
                             WHERE o.member_id = c.member_id
                               AND o.paid_at >= :start AND o.paid_at < :end
                               AND o.kind = 'sale' AND o.status = 'paid')
                THEN 1 ELSE 0 END) AS converted
FROM customers c
GROUP BY c.guide_id
