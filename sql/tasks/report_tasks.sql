-- Tasks due from :first_day to :last_day per group key (/*key*/ over t, the task): generated,
-- done, converted and sales after contact. A task converts when its member has a paid sale
-- from the start of the task day until /*end*/ (the task day plus :days days, exclusive),
-- whoever took the order. Sales: the member's net sales in that window (paid sales less
-- partial refunds, nothing for a sale refunded in full, less return documents), as in the
-- coupon report. `test`: the task's rule had a control group that day (task_holdouts), so it
-- takes part in the comparison with the control group.
WITH per_task AS (
    SELECT /*key*/ AS k, t.id,
           MAX(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) AS done,
           MAX(CASE WHEN EXISTS (SELECT 1 FROM task_holdouts h
                                 WHERE h.due_on = t.due_on AND h.rule = t.rule)
                    THEN 1 ELSE 0 END) AS test,
           MAX(CASE WHEN o.kind = 'sale' AND o.status = 'paid' THEN 1 ELSE 0 END) AS converted,
           SUM(CASE WHEN o.kind = 'return' THEN -ABS(o.amount_fen)
                    WHEN o.status = 'paid' AND o.amount_fen > o.refund_fen
                        THEN o.amount_fen - o.refund_fen
                    ELSE 0 END) AS sales_fen
    FROM tasks t
    LEFT JOIN orders o ON o.member_id = t.member_id
                      AND o.paid_at >= t.due_on AND o.paid_at < /*end*/
    WHERE t.due_on >= :first_day AND t.due_on <= :last_day
    GROUP BY /*key*/, t.id
)
SELECT k,
       COUNT(*) AS generated,
       SUM(done) AS done,
       SUM(converted) AS converted,
       SUM(COALESCE(sales_fen, 0)) AS sales_fen,
       SUM(test) AS test_tasks,
       SUM(test * converted) AS test_converted
FROM per_task
GROUP BY k
