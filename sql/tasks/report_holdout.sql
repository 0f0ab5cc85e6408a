-- The control groups of the tasks due from :first_day to :last_day per group key (/*key_h*/
-- over h, the holdout row: its rule, or the guide and store recorded when it was drawn): the
-- members held out, and how many converted the way a task converts (a paid sale from the
-- start of the day they were held out until /*end*/, whoever took the order).
WITH per_member AS (
    SELECT /*key_h*/ AS k, h.due_on, h.rule, h.member_id,
           MAX(CASE WHEN o.kind = 'sale' AND o.status = 'paid' THEN 1 ELSE 0 END) AS converted
    FROM task_holdouts h
    LEFT JOIN orders o ON o.member_id = h.member_id
                      AND o.paid_at >= h.due_on AND o.paid_at < /*end*/
    WHERE h.due_on >= :first_day AND h.due_on <= :last_day
    GROUP BY /*key_h*/, h.due_on, h.rule, h.member_id
)
SELECT k, COUNT(*) AS members, SUM(converted) AS converted
FROM per_member
GROUP BY k
