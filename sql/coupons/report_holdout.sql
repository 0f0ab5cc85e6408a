-- The coupon group against the control group, for batches with a control group (holdout):
-- each member's net sales over the batch's window (coupon_windows: from the first coupon's
-- start to the end of the last coupon's last day; the same window for both groups), summed per
-- group key and group. A member of the coupon group is counted once per batch, under the key of
-- their first coupon (/*key*/); a held-out member under the guide and store recorded when drawn
-- (/*key_h*/). Net sales: paid sales less partial refunds, nothing for a sale refunded in full,
-- less return documents. A buyer has net sales above zero.
WITH people AS (
    SELECT c.batch_id, c.member_id, 1 AS treated, MIN(/*key*/) AS k
    FROM coupons c
    JOIN coupon_windows w ON w.batch_id = c.batch_id
    LEFT JOIN stores st ON st.id = c.store_id
    WHERE 1 = 1 /*where*/
    GROUP BY c.batch_id, c.member_id
    UNION ALL
    SELECT h.batch_id, h.member_id, 0 AS treated, /*key_h*/ AS k
    FROM coupon_holdouts h
    JOIN coupon_windows w ON w.batch_id = h.batch_id
    LEFT JOIN stores st ON st.id = h.store_id
    WHERE 1 = 1 /*where_h*/
),
spent AS (
    SELECT p.k, p.treated, p.batch_id, p.member_id,
           SUM(CASE WHEN o.kind = 'return' THEN -ABS(o.amount_fen)
                    WHEN o.status = 'paid' AND o.amount_fen > o.refund_fen
                        THEN o.amount_fen - o.refund_fen
                    ELSE 0 END) AS sales_fen
    FROM people p
    JOIN coupon_windows w ON w.batch_id = p.batch_id
    LEFT JOIN orders o ON o.member_id = p.member_id
                      AND o.paid_at >= w.w_from AND o.paid_at < w.w_end
    GROUP BY p.k, p.treated, p.batch_id, p.member_id
)
SELECT k, treated,
       COUNT(*) AS members,
       SUM(CASE WHEN sales_fen > 0 THEN 1 ELSE 0 END) AS buyers,
       SUM(COALESCE(sales_fen, 0)) AS sales_fen
FROM spent
GROUP BY k, treated
