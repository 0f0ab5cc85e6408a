-- Merge one sync's staging tables (stage_contacts, stage_follows, stage_follow_tags, stage_users,
-- stage_guides, stage_links) into the stored tables. Statements end with ";" and a new line.
CREATE INDEX ix_stage_links_member ON stage_links (member_id);
CREATE INDEX ix_stage_links_ext ON stage_links (external_userid);
-- customers: one row each, updated in place (the link is set below)
INSERT INTO wecom_contacts (external_userid, name, type, gender, corp_name, synced_at)
SELECT s.external_userid, MAX(s.name), MAX(s.type), MAX(s.gender), MAX(s.corp_name), :now
FROM stage_contacts s WHERE 1 = 1 GROUP BY s.external_userid
ON CONFLICT (external_userid) DO UPDATE SET name = excluded.name, type = excluded.type,
    gender = excluded.gender, corp_name = excluded.corp_name, synced_at = excluded.synced_at;
-- a link moves: first undo the links these contacts or members had to someone else
UPDATE members SET external_userid = NULL, updated_at = :now FROM stage_links l
WHERE members.external_userid = l.external_userid AND members.id <> l.member_id;
UPDATE wecom_contacts SET member_id = NULL FROM stage_links l
WHERE wecom_contacts.member_id = l.member_id AND wecom_contacts.external_userid <> l.external_userid;
UPDATE members SET external_userid = l.external_userid, updated_at = :now FROM stage_links l
WHERE members.id = l.member_id AND COALESCE(members.external_userid, '') <> l.external_userid;
UPDATE wecom_contacts SET member_id = l.member_id FROM stage_links l
WHERE wecom_contacts.external_userid = l.external_userid
  AND COALESCE(wecom_contacts.member_id, 0) <> l.member_id;
-- follow relations and their tags: replaced for the users synced
DELETE FROM wecom_follows WHERE userid IN (SELECT userid FROM stage_users);
INSERT INTO wecom_follows (external_userid, userid, guide_id, remark, remark_mobiles, add_way,
    added_at, state, synced_at)
SELECT f.external_userid, f.userid, g.guide_id, f.remark, f.remark_mobiles, f.add_way,
    f.added_at, f.state, :now
FROM stage_follows f LEFT JOIN stage_guides g ON g.userid = f.userid WHERE 1 = 1
ON CONFLICT (external_userid, userid) DO NOTHING;
DELETE FROM wecom_follow_tags WHERE userid IN (SELECT userid FROM stage_users);
INSERT INTO wecom_follow_tags (external_userid, userid, tag_id)
SELECT DISTINCT external_userid, userid, tag_id FROM stage_follow_tags WHERE 1 = 1
ON CONFLICT (external_userid, userid, tag_id) DO NOTHING;
-- the members' WeCom tags (member_tags, source 'wecom'): the names of the corp tags on any
-- follow relation of their contact, for the members this sync touched
CREATE TEMP TABLE stage_affected AS
SELECT member_id FROM wecom_contacts
WHERE member_id IS NOT NULL AND external_userid IN (SELECT external_userid FROM stage_follows)
UNION
SELECT mt.member_id FROM member_tags mt
WHERE mt.source = 'wecom'
  AND NOT EXISTS (SELECT 1 FROM wecom_contacts c WHERE c.member_id = mt.member_id);
DELETE FROM member_tags WHERE source = 'wecom'
  AND member_id IN (SELECT member_id FROM stage_affected);
INSERT INTO member_tags (member_id, tag, source, created_at)
SELECT DISTINCT c.member_id, t.name, 'wecom', :now
FROM wecom_contacts c
JOIN wecom_follow_tags ft ON ft.external_userid = c.external_userid
JOIN wecom_tags t ON t.tag_id = ft.tag_id
WHERE c.member_id IN (SELECT member_id FROM stage_affected)
ON CONFLICT (member_id, tag) DO NOTHING;
DROP TABLE stage_affected
