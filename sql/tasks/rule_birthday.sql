-- birthday: the birthday's month-day ('MM-DD') is one of :days (the day :days_before
-- ahead, and 02-29 when that day stands for it in a year without one). fact_dn: that day.
SELECT f.member_id, :target, :days_before, CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR),
       CAST(NULL AS INTEGER)
FROM task_facts f
WHERE /*days*/
