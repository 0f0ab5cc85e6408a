-- welcome: registered, or first added on WeCom, on day :target. fact_n: 1 registered, 2 WeCom.
SELECT f.member_id, :target, CASE WHEN f.reg_dn = :target THEN 1 ELSE 2 END,
       CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR), CAST(NULL AS INTEGER)
FROM task_facts f
WHERE f.reg_dn = :target OR f.wecom_dn = :target
