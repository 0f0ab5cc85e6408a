-- repurchase: days since the last paid sale reached the member's own interval (task_gaps:
-- the median gap, members with enough orders) or :default_days, and are less than
-- :window_days past it. fact_n: days since; fact_m: the interval; fact_code: median | default.
SELECT f.member_id, f.last_dn, :today - f.last_dn, COALESCE(g.gap, :default_days),
       CASE WHEN g.gap IS NULL THEN 'default' ELSE 'median' END, CAST(NULL AS INTEGER)
FROM task_facts f
LEFT JOIN task_gaps g ON g.member_id = f.member_id
WHERE f.last_dn IS NOT NULL
  AND :today - f.last_dn >= COALESCE(g.gap, :default_days)
  AND :today - f.last_dn < COALESCE(g.gap, :default_days) + :window_days
  AND COALESCE(g.gap, :default_days) > 0
