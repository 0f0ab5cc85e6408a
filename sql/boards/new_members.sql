-- New members per leaderboard row: members registered in [:start, :end), credited to the guide
-- who acquired them (m.acquired_by) or to the member's store (m.store_id) and its region.
SELECT /*key*/ AS k /*day*/, COUNT(*) AS new_members
FROM members m /*join*/
WHERE m.registered_at >= :start AND m.registered_at < :end
GROUP BY k /*by day*/
