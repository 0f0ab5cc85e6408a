-- dormant: the last paid sale between :min_days and :max_days days ago. fact_n: days since.
SELECT f.member_id, f.last_dn, :today - f.last_dn, CAST(NULL AS INTEGER),
       CAST(NULL AS VARCHAR), CAST(NULL AS INTEGER)
FROM task_facts f
WHERE f.last_dn IS NOT NULL
  AND :today - f.last_dn >= :min_days AND :today - f.last_dn <= :max_days
