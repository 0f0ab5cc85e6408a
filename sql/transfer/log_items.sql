-- Member-level ownership changes made by transfers and undos, oldest first.
SELECT l.batch_id AS batch, l.changed_at, m.phone, m.name, s.code AS store_code,
       f.code AS from_guide, t.code AS to_guide, l.source, l.reason, l.wecom_status
FROM owner_log l
JOIN members m ON m.id = l.member_id
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides f ON f.id = l.from_guide_id
LEFT JOIN guides t ON t.id = l.to_guide_id
WHERE l.source IN ('transfer', 'undo') /*where*/
ORDER BY l.changed_at, l.id
