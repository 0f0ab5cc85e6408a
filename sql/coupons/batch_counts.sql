-- Per batch: coupons issued, redeemed, voided, and redeemed whose order was refunded since
-- (in full, or in part: refund_fen). Filters are appended at /*where*/.
SELECT c.batch_id,
       COUNT(*) AS issued,
       SUM(CASE WHEN c.status = 'redeemed' THEN 1 ELSE 0 END) AS redeemed,
       SUM(CASE WHEN c.status = 'void' THEN 1 ELSE 0 END) AS voided,
       SUM(CASE WHEN c.status = 'redeemed' AND (o.status = 'refunded' OR o.refund_fen > 0)
                THEN 1 ELSE 0 END) AS refunded
FROM coupons c
LEFT JOIN orders o ON o.id = c.order_id
/*where*/
GROUP BY c.batch_id
