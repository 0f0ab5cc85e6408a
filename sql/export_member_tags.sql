-- Tags of the members selected by the same filters as export_members.sql, in member_id order.
SELECT mt.member_id, mt.tag
FROM member_tags mt
JOIN members m ON m.id = mt.member_id
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
WHERE 1 = 1 /*where*/
ORDER BY mt.member_id, mt.tag
