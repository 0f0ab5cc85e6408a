-- coupon expiring: the member's unredeemed coupon (status issued) whose last day comes first,
-- from today to :until. fact_dn: its last day; fact_m: its id; fact_code: its code.
SELECT member_id, DN(valid_to), CAST(NULL AS INTEGER), id, code, CAST(NULL AS INTEGER)
FROM (SELECT c.member_id, c.valid_to, c.id, c.code,
             ROW_NUMBER() OVER (PARTITION BY c.member_id ORDER BY c.valid_to, c.id) AS rn
      FROM coupons c
      JOIN task_facts f ON f.member_id = c.member_id
      WHERE c.status = 'issued' AND c.valid_from <= :day AND c.valid_to >= :day
        AND c.valid_to <= :until) x
WHERE rn = 1
