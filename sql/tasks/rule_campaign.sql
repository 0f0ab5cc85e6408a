-- campaign: the members of the rule's segment and filters (the member selection's SQL over
-- m, s, g, appended at /*where*/), from the campaign's first day to its last (checked by the
-- caller). fact_dn: the last day.
SELECT f.member_id, :last, :last - :today, CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR),
       CAST(NULL AS INTEGER)
FROM task_facts f
JOIN members m ON m.id = f.member_id
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
WHERE 1 = 1 /*where*/
