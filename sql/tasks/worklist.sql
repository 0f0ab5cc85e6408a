-- A day's tasks as guides work them (tasks list, tasks export): by the store the task was
-- planned for (tasks without a store last), its guide, then highest priority first. The store
-- and guide are the task's own, not the member's of today; a task's guide follows its customer
-- while pending. /*where*/ adds the filters (guides, stores, statuses, rules).
SELECT t.id, t.due_on,
       s.code AS store_code, s.name AS store_name,
       g.code AS guide_code, g.name AS guide_name,
       m.phone, m.name,
       t.rule, t.priority, t.minutes, t.reason, t.message, t.coupon_code,
       t.status, t.result, t.note
FROM tasks t
LEFT JOIN stores s ON s.id = t.store_id
LEFT JOIN guides g ON g.id = t.guide_id
LEFT JOIN members m ON m.id = t.member_id
WHERE t.due_on = :day /*where*/
ORDER BY CASE WHEN s.code IS NULL THEN 1 ELSE 0 END, s.code,
         CASE WHEN g.code IS NULL THEN 1 ELSE 0 END, g.code,
         COALESCE(t.priority, 0) DESC, t.id
