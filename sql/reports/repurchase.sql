-- Repurchase intervals: for each member, the days between one purchase day and the next (paid
-- sales; several orders on one day are one purchase), for the later purchases made from
-- :first_day to the end of the period, the previous one possibly before it. Counted per group
-- (/*group*/: the member's level, store or acquisition channel, or WeCom-linked or not) and
-- interval, so that medians and the distribution are exact.
WITH days AS (
    SELECT DISTINCT o.member_id, /*day*/ AS d
    FROM orders o
    WHERE o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
      AND o.paid_at < :end
),
gaps AS (
    SELECT member_id, d, LAG(d) OVER (PARTITION BY member_id ORDER BY d) AS prev_d
    FROM days
)
SELECT /*group*/ AS g, /*interval*/ AS interval_days, COUNT(*) AS n
FROM gaps
JOIN members m ON m.id = gaps.member_id
/*join*/
WHERE gaps.d >= :first_day AND gaps.prev_d IS NOT NULL
GROUP BY 1, 2
