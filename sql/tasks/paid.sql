-- Each member's first and last paid day, and on how many days they bought (task_days).
SELECT member_id, MIN(d), MAX(d), COUNT(*)
FROM task_days
GROUP BY member_id
