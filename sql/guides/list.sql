-- Guides with the number of customers each owns now.
SELECT g.code AS guide_id, g.name, s.code AS store_code, s.region, g.role, g.status,
       g.hired_on, g.departed_on, COALESCE(c.customers, 0) AS customers
FROM guides g
LEFT JOIN stores s ON s.id = g.store_id
LEFT JOIN (SELECT guide_id, COUNT(*) AS customers FROM members
           WHERE guide_id IS NOT NULL GROUP BY guide_id) c ON c.guide_id = g.id
WHERE 1 = 1 /*where*/
ORDER BY s.code, g.code
