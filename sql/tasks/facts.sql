-- The facts every rule reads, one row per member in scope: owning guide (and whether active),
-- the store the task belongs to (the guide's, else the member's), the registration day, the
-- first WeCom add (acquisition is the earlier of the two: see rule_journey.sql), and the
-- paid-order facts of task_paid, and the birthday's 'MM-DD' (/*birthday*/, by dialect).
-- /*scope*/ narrows the members (--store, or one member for explain).
SELECT m.id,
       m.guide_id,
       CASE WHEN g.status = 'active' THEN 1 ELSE 0 END,
       COALESCE(g.store_id, m.store_id),
       DN(m.registered_at),
       w.first_added,
       p.first_dn,
       p.last_dn,
       COALESCE(p.n, 0),
       /*birthday*/
FROM members m
LEFT JOIN guides g ON g.id = m.guide_id
LEFT JOIN task_paid p ON p.member_id = m.id
LEFT JOIN (SELECT wc.member_id, DN(MIN(f.added_at)) AS first_added
           FROM wecom_follows f
           JOIN wecom_contacts wc ON wc.external_userid = f.external_userid
           WHERE wc.member_id IS NOT NULL AND f.added_at < :day_start
           GROUP BY wc.member_id) w ON w.member_id = m.id
WHERE 1 = 1 /*scope*/
