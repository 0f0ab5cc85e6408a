-- Links of one sync: each staged contact to at most one member, by the phones of remark_mobiles
-- (the member owned by a guide who follows the customer first, then the earliest added
-- relation), and each member to at most one contact (the earliest added).
CREATE TEMP TABLE stage_links AS
WITH candidates AS (
    SELECT p.external_userid, m.id AS member_id, p.added_at,
           ROW_NUMBER() OVER (
               PARTITION BY p.external_userid
               ORDER BY CASE WHEN m.guide_id = sg.guide_id THEN 0 ELSE 1 END,
                        CASE WHEN p.added_at IS NULL THEN 1 ELSE 0 END, p.added_at, m.id
           ) AS pick
    FROM stage_phones p
    JOIN members m ON m.phone = p.phone
    LEFT JOIN stage_guides sg ON sg.userid = p.userid
),
best AS (
    SELECT external_userid, member_id,
           ROW_NUMBER() OVER (
               PARTITION BY member_id
               ORDER BY CASE WHEN added_at IS NULL THEN 1 ELSE 0 END, added_at, external_userid
           ) AS pick
    FROM candidates
    WHERE pick = 1
)
SELECT external_userid, member_id FROM best WHERE pick = 1
