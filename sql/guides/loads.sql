-- Every guide with its store, region and current number of customers: the receivers' loads
-- that transfer planning balances.
SELECT g.id, g.code, g.status, g.store_id, s.code AS store_code, s.region,
       COALESCE(c.customers, 0) AS customers
FROM guides g
LEFT JOIN stores s ON s.id = g.store_id
LEFT JOIN (SELECT guide_id, COUNT(*) AS customers FROM members
           WHERE guide_id IS NOT NULL GROUP BY guide_id) c ON c.guide_id = g.id
ORDER BY g.code
