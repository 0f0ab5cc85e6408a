-- Repurchase: each member's typical interval, the median gap in days between the days of their
-- paid sales (task_days), for members who bought on at least :min_orders days (n - 1 gaps).
-- Median: the middle gap, or the mean of the two middle ones, rounded to a day.
-- Only members who can be due: at least half of the n - 1 gaps are as long as the median, so
-- the median is at most 2 * (last - first) / (n - 1) (+ 1 for rounding), and a member whose
-- last purchase is :window_days or more past that bound cannot match the rule.
WITH gaps AS (
    SELECT t.member_id, t.d - LAG(t.d) OVER (PARTITION BY t.member_id ORDER BY t.d) AS gap
    FROM task_days t
    WHERE t.member_id IN (
        SELECT member_id FROM task_paid
        WHERE n >= :min_orders
          AND (:today - last_dn - :window_days - 1) * (n - 1) < 2 * (last_dn - first_dn))
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
