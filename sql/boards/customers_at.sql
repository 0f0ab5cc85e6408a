-- The customers each guide owned at :start (the denominator of conversion), without reading
-- every member: the guides' customers now (the guide_customers summary, plus the members added
-- since it was last brought up to date), minus members registered since :start, with the
-- owner at :start put back for members moved since then (the first move after :start in the
-- owner log says who owned them before). A member without a registration time counts as a
-- customer since ever. Members without a guide make a row without a guide, which readers
-- skip. (GROUP BY +guide_id: without the +, SQLite walks every member in guide order instead
-- of reading the few the WHERE selects.) conversion_for.sql counts a few guides' customers
-- from their side.
WITH moved AS (
    SELECT l.from_guide_id, m.guide_id
    FROM owner_log l
    JOIN (SELECT member_id, MIN(id) AS id FROM owner_log
          WHERE changed_at >= :start GROUP BY member_id) f ON f.id = l.id
    JOIN members m ON m.id = l.member_id
    WHERE m.registered_at IS NULL OR m.registered_at < :start
)
SELECT guide_id AS k, SUM(n) AS customers
FROM (SELECT guide_id, customers AS n FROM guide_customers
      UNION ALL
      SELECT +guide_id, COUNT(*) FROM members
      WHERE id > (SELECT value FROM board_state WHERE name = 'customers_upto')
      GROUP BY +guide_id
      UNION ALL
      SELECT +guide_id, -COUNT(*) FROM members
      WHERE registered_at >= :start
      GROUP BY +guide_id
      UNION ALL
      SELECT guide_id, -COUNT(*) FROM moved GROUP BY guide_id
      UNION ALL
      SELECT from_guide_id, COUNT(*) FROM moved GROUP BY from_guide_id) x
GROUP BY guide_id
