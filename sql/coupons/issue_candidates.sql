-- The members a coupon issue considers: the member selection (its filters are appended at
-- /*where*/ over the aliases m, s, g), each with the owning guide, the guide's store (the
-- member's when the guide has none), and why a member gets no coupon:
--   0 eligible, 1 no active owning guide, 2 already holds the batch's per-member limit
--   (voided coupons do not count), 3 in the batch's control group (held out earlier).
SELECT m.id,
       g.id,
       COALESCE(g.store_id, m.store_id),
       CASE
           WHEN g.id IS NULL OR g.status <> 'active' THEN 1
           WHEN EXISTS (SELECT 1 FROM coupon_holdouts h
                        WHERE h.batch_id = :batch AND h.member_id = m.id) THEN 3
           WHEN (SELECT COUNT(*) FROM coupons c
                 WHERE c.batch_id = :batch AND c.member_id = m.id
                   AND c.status <> 'void') >= :per_member THEN 2
           ELSE 0
       END
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
WHERE 1 = 1 /*where*/
