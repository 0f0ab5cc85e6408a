-- WeCom contacts that match no member, one row per follow relation.
SELECT c.external_userid, c.name, g.code AS guide_id, f.userid, f.remark, f.remark_mobiles,
       f.added_at, f.add_way
FROM wecom_contacts c
JOIN wecom_follows f ON f.external_userid = c.external_userid
LEFT JOIN guides g ON g.id = f.guide_id
WHERE c.member_id IS NULL
ORDER BY f.userid, c.external_userid
