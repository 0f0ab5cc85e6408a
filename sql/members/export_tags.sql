-- Tags of the members selected by the same filters as export_members.sql, for one chunk of the
-- export (member ids :id_first to :id_last), in member_id order: a range scan of the
-- member_tags primary key.
SELECT mt.member_id, mt.tag
FROM member_tags mt
JOIN members m ON m.id = mt.member_id
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
WHERE mt.member_id BETWEEN :id_first AND :id_last /*where*/
ORDER BY mt.member_id, mt.tag
