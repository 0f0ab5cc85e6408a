-- How many members a selection holds (the filters are appended at /*where*/).
SELECT COUNT(*)
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
WHERE 1 = 1 /*where*/
