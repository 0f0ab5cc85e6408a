-- The customers each guide owned at :start (the denominator of conversion), without reading
-- every member: the guides' customers now (the guide_customers summary, plus members added
-- since it was last brought up to date), minus members registered since :start, with the
-- owner at :start put back for members moved since then (the first move after :start in the
-- owner log says who owned them before). A member without a registration time counts as a
-- customer since ever.
WITH moved AS (
    SELECT l.member_id, l.from_guide_id
    FROM owner_log l
    JOIN (SELECT member_id, MIN(id) AS id FROM owner_log
          WHERE changed_at >= :start GROUP BY member_id) f ON f.id = l.id
)
SELECT guide_id AS k, SUM(n) AS customers
FROM (SELECT guide_id, customers AS n FROM guide_customers
      UNION ALL
      SELECT guide_id, COUNT(*) FROM members
      WHERE id > (SELECT value FROM board_state WHERE name = 'customers_upto')
        AND guide_id IS NOT NULL
      GROUP BY guide_id
      UNION ALL
      SELECT guide_id, -COUNT(*) FROM members
      WHERE registered_at >= :start AND guide_id IS NOT NULL
      GROUP BY guide_id
      UNION ALL
      SELECT m.guide_id, -COUNT(*) FROM moved v JOIN members m ON m.id = v.member_id
      WHERE (m.registered_at IS NULL OR m.registered_at < :start) AND m.guide_id IS NOT NULL
      GROUP BY m.guide_id
      UNION ALL
      SELECT v.from_guide_id, COUNT(*) FROM moved v JOIN members m ON m.id = v.member_id
      WHERE (m.registered_at IS NULL OR m.registered_at < :start) AND v.from_guide_id IS NOT NULL
      GROUP BY v.from_guide_id) x
GROUP BY guide_id
