-- What `privcli tasks push` sends: the pending tasks of a date whose guide is active, with the
-- customer's name and phone (masked before sending unless [tasks] push_pii), the guide and the
-- guide's current store, one guide after another, highest priority first. The store and guide
-- filters are appended at /*where*/ over the aliases t, g, st.
SELECT t.guide_id, g.code AS guide_code, g.name AS guide_name, st.code AS store_code,
       t.id, m.name, m.phone, t.rule, t.minutes, t.priority, t.reason, t.message, t.coupon_code
FROM tasks t
JOIN guides g ON g.id = t.guide_id
JOIN members m ON m.id = t.member_id
LEFT JOIN stores st ON st.id = g.store_id
WHERE t.due_on = :day AND t.status = 'pending' AND g.status = 'active' /*where*/
ORDER BY st.code, g.code, t.guide_id, COALESCE(t.priority, 0) DESC, t.id
