-- What guides need to hand a batch's coupons out (coupons export): the unredeemed, unvoided
-- coupons with the guide who follows each one up now and that guide's store, by store and
-- guide.
SELECT st.code AS store_code, st.name AS store, g.code AS guide_id, g.name AS guide,
       m.phone, m.name, c.code, c.valid_to
FROM coupons c
JOIN members m ON m.id = c.member_id
LEFT JOIN guides g ON g.id = c.guide_id
LEFT JOIN stores st ON st.id = COALESCE(g.store_id, c.store_id)
WHERE c.batch_id = :batch AND c.status = 'issued'
ORDER BY st.code, g.code, c.id
