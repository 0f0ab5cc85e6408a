-- post-purchase care: the last paid sale was on day :target (a newer purchase gets its own care).
SELECT f.member_id, f.last_dn, :days_after, CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR),
       CAST(NULL AS INTEGER)
FROM task_facts f
WHERE f.last_dn = :target
