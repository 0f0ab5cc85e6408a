-- Stores with their guide and member counts.
SELECT s.code AS store_code, s.name, s.region, s.city,
       (SELECT COUNT(*) FROM guides g WHERE g.store_id = s.id AND g.status = 'active') AS active_guides,
       (SELECT COUNT(*) FROM members m WHERE m.store_id = s.id) AS members
FROM stores s
WHERE 1 = 1 /*where*/
ORDER BY s.code
