-- The members a coupon issue considers: the member selection (its filters are appended at
-- /*where*/ over the aliases m, s, g), each with the owning guide, the guide's store (the
-- member's when the guide has none), and why a member gets no coupon:
--   0 eligible, 1 no active owning guide, 2 already holds the batch's per-member limit
--   (voided coupons do not count), 3 in the batch's control group (held out earlier).
-- The batch's coupons and control group are joined as sets (hash joins), not probed per member.
SELECT m.id,
       g.id,
       COALESCE(g.store_id, m.store_id),
       CASE
           WHEN g.id IS NULL OR g.status <> 'active' THEN 1
           WHEN h.member_id IS NOT NULL THEN 3
           WHEN k.n >= :per_member THEN 2
           ELSE 0
       END
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
LEFT JOIN coupon_holdouts h ON h.batch_id = :batch AND h.member_id = m.id
LEFT JOIN (SELECT member_id, COUNT(*) AS n FROM coupons
           WHERE batch_id = :batch AND status <> 'void' GROUP BY member_id) k
       ON k.member_id = m.id
WHERE 1 = 1 /*where*/
