-- Lifecycle stage of every member on two dates (the day before :end0 and before :end1), and
-- how many moved from one stage to the other. On a date, a member registered after it does not
-- exist yet ('-'); else: new (registered in the last N days), active (a paid sale in the last
-- A days), dormant (last paid sale, or registration if none, in the last C days), churned
-- (longer ago), unknown (no purchase and no registration time).
SELECT /*stage0*/ AS stage_from, /*stage1*/ AS stage_to, COUNT(*) AS members
FROM members m
LEFT JOIN (SELECT o.member_id,
                  MAX(CASE WHEN o.paid_at < :end0 THEN o.paid_at END) AS last0,
                  MAX(o.paid_at) AS last1
           FROM orders o
           WHERE o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
             AND o.paid_at < :end1
           GROUP BY o.member_id) b ON b.member_id = m.id
WHERE m.registered_at IS NULL OR m.registered_at < :end1
GROUP BY /*stage0*/, /*stage1*/
