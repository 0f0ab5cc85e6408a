-- Repurchase: each member's typical interval, the median gap in days between the distinct
-- days of their paid sales, for members with at least :min_orders such days (n - 1 gaps).
-- Median: the middle gap, or the mean of the two middle ones, rounded to a day.
WITH days AS (
    SELECT DISTINCT o.member_id, DN(o.paid_at) AS d
    FROM orders o
    JOIN task_facts f ON f.member_id = o.member_id
    WHERE o.kind = 'sale' AND o.status = 'paid' AND o.paid_at < :day_start
      AND f.n_paid >= :min_orders
),
gaps AS (
    SELECT member_id, d - LAG(d) OVER (PARTITION BY member_id ORDER BY d) AS gap FROM days
),
ranked AS (
    SELECT member_id, gap,
           ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY gap) AS rn,
           COUNT(*) OVER (PARTITION BY member_id) AS n
    FROM gaps WHERE gap IS NOT NULL
)
SELECT member_id, CAST(ROUND(AVG(gap * 1.0)) AS INTEGER)
FROM ranked
WHERE n >= :min_orders - 1 AND rn IN ((n + 1) / 2, (n + 2) / 2)
GROUP BY member_id
