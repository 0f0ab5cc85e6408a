-- Members in id order, with store and guide ids (the caller maps them to codes from the small
-- stores/guides tables: cheaper than three joins per row on a 20-million-row export; tags are
-- read per chunk of members with export_member_tags.sql). Filters are appended at /*where*/.
SELECT m.id, m.phone, m.member_no, m.name, m.gender, m.birthday, m.level, m.points,
       m.registered_at, m.store_id, m.guide_id, m.acquired_by, m.channel
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
WHERE 1 = 1 /*where*/
ORDER BY m.id
