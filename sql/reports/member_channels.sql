-- Members by acquisition channel (members.channel as imported; '' when unknown): all members
-- registered by the end of the period, those registered in it, and how many of them bought in
-- it (a paid sale in [:start, :end), whoever it was credited to).
SELECT COALESCE(m.channel, '') AS channel,
       COUNT(*) AS members,
       SUM(CASE WHEN m.registered_at >= :start THEN 1 ELSE 0 END) AS new_members,
       SUM(CASE WHEN b.member_id IS NOT NULL THEN 1 ELSE 0 END) AS buyers
FROM members m
LEFT JOIN (SELECT DISTINCT o.member_id FROM orders o
           WHERE o.paid_at >= :start AND o.paid_at < :end
             AND o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL) b
       ON b.member_id = m.id
WHERE m.registered_at IS NULL OR m.registered_at < :end
GROUP BY COALESCE(m.channel, '')
ORDER BY members DESC, channel
