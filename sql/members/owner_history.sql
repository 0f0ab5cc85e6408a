-- Every change of one member's owning guide, oldest first.
SELECT l.changed_at, f.code AS from_guide, t.code AS to_guide, l.source, l.reason,
       l.batch_id, l.import_id
FROM owner_log l
LEFT JOIN guides f ON f.id = l.from_guide_id
LEFT JOIN guides t ON t.id = l.to_guide_id
WHERE l.member_id = :member_id
ORDER BY l.changed_at, l.id
