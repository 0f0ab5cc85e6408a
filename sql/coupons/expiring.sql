-- Unredeemed coupons whose last valid day is between :today and :until, with the guide who
-- follows each up now (cg) and that guide's store (cs). The member selection's filters are
-- appended at /*where*/ over m (the member), s (the member's store) and g (the owning guide).
SELECT c.id AS coupon_id, c.code, c.member_id, c.guide_id, c.valid_to, b.name AS batch,
       b.id AS batch_id, cg.code AS guide_code, cg.name AS guide_name, cs.code AS store_code,
       m.phone, m.name
FROM coupons c
JOIN coupon_batches b ON b.id = c.batch_id
JOIN members m ON m.id = c.member_id
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
LEFT JOIN guides cg ON cg.id = c.guide_id
LEFT JOIN stores cs ON cs.id = cg.store_id
WHERE c.status = 'issued' AND c.valid_to >= :today AND c.valid_to <= :until /*where*/
ORDER BY cg.code, c.valid_to, c.id
