-- journey: today is one of the steps' days after the anchor (/*anchor*/: the acquisition day, or first_dn
-- for a journey after the first purchase); /*leave*/ drops members who bought since (when the
-- rule says so). fact_dn: the anchor day; step: the step's day.
SELECT f.member_id, /*anchor*/, :today - /*anchor*/, CAST(NULL AS INTEGER),
       CAST(NULL AS VARCHAR), :today - /*anchor*/
FROM task_facts f
WHERE /*anchor*/ IS NOT NULL AND /*steps*/ /*leave*/
