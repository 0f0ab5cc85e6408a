-- Transfer batches, newest first.
SELECT b.id AS batch, b.created_at, b.kind, b.reason, b.strategy, b.scope, b.sources,
       b.moved, b.skipped, b.unplaced, b.undo_of, b.undone_by, b.operator
FROM transfer_batch b
WHERE 1 = 1 /*where*/
ORDER BY b.id DESC
