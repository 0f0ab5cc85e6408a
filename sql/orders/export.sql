-- Orders with the buyer's phone and the credited store and guide; a return document of its own
-- (kind 'return') with the original order's number when the file named one.
SELECT o.order_no, m.phone, s.code AS store_code, g.code AS guide_id, o.status, o.amount_fen,
       o.paid_at, o.coupon_code, o.refund_fen, o.kind, o.refund_of
FROM orders o
LEFT JOIN members m ON m.id = o.member_id
LEFT JOIN stores s ON s.id = o.store_id
LEFT JOIN guides g ON g.id = o.guide_id
WHERE 1 = 1 /*where*/
ORDER BY o.id
