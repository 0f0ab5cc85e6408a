-- Each member's paid sales before the task date: first and last paid day, how many. The one
-- pass over orders that task generation needs (DN(x): the day number of x, days since
-- 2000-01-01, the same on SQLite and PostgreSQL). /*scope*/ narrows it to one member (explain).
SELECT o.member_id, DN(MIN(o.paid_at)), DN(MAX(o.paid_at)), COUNT(*)
FROM orders o
WHERE o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
  AND o.paid_at < :day_start /*scope*/
GROUP BY o.member_id
