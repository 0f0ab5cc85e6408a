-- Members with their store, owning guide and acquiring guide, in id order (tags are merged in
-- by the caller from member_tags, also in member_id order). Filters are appended at /*where*/.
SELECT m.id, m.phone, m.member_no, m.name, m.gender, m.birthday, m.level, m.points,
       m.registered_at, s.code AS store_code, g.code AS guide_id, a.code AS acquired_by,
       m.channel
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
LEFT JOIN guides a ON a.id = m.acquired_by
WHERE 1 = 1 /*where*/
ORDER BY m.id
