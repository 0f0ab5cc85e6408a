-- One member's five latest orders.
SELECT o.order_no, o.status, o.amount_fen, o.paid_at, g.code AS guide_id
FROM orders o
LEFT JOIN guides g ON g.id = o.guide_id
WHERE o.member_id = :id
ORDER BY o.paid_at DESC, o.id DESC
LIMIT 5
