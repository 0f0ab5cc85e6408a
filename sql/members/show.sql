-- One member's profile with the codes and names of their store, owning guide and acquirer.
SELECT m.phone, m.member_no, m.name, m.gender, m.birthday, m.level, m.points,
       m.registered_at, s.code AS store_code, s.name AS store_name, g.code AS guide_id,
       g.name AS guide_name, g.status AS guide_status, a.code AS acquired_by, m.channel,
       m.external_userid, m.created_at, m.updated_at
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
LEFT JOIN guides a ON a.id = m.acquired_by
WHERE m.id = :id
