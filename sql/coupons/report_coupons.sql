-- Coupon outcomes per group. The group key is put at /*key*/ (the batch, the issuing guide,
-- the issuing store, or that store's region) and filters at /*where*/. Per group: coupons
-- issued, redeemed, voided, redeemed then refunded (the order refunded in full or in part
-- since), the net sales of the redeemed orders (paid amount less refunds; nothing for an order
-- refunded in full) and what the redeemed coupons cost: a cash coupon its value, a gift its
-- cost, a discount the share of the order it took off (paid x (100 - pct) / pct).
SELECT /*key*/ AS k,
       COUNT(*) AS issued,
       SUM(CASE WHEN c.status = 'redeemed' THEN 1 ELSE 0 END) AS redeemed,
       SUM(CASE WHEN c.status = 'void' THEN 1 ELSE 0 END) AS voided,
       SUM(CASE WHEN c.status = 'redeemed' AND (o.status = 'refunded' OR o.refund_fen > 0)
                THEN 1 ELSE 0 END) AS refunded,
       SUM(CASE WHEN c.status = 'redeemed' AND o.status = 'paid' AND o.amount_fen > o.refund_fen
                THEN o.amount_fen - o.refund_fen ELSE 0 END) AS sales_fen,
       SUM(CASE WHEN c.status <> 'redeemed' THEN 0
                WHEN b.kind = 'discount' THEN o.amount_fen * (100 - b.value) / b.value
                ELSE b.value END) AS cost_fen
FROM coupons c
JOIN coupon_batches b ON b.id = c.batch_id
LEFT JOIN orders o ON o.id = c.order_id
LEFT JOIN stores st ON st.id = c.store_id
WHERE 1 = 1 /*where*/
GROUP BY /*key*/
