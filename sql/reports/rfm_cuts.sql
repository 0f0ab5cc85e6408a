-- The quintile cut points of one measure (/*measure*/: last_at, frequency or monetary_fen):
-- the highest value of each fifth of the members ordered by it. A member's score is 1 plus the
-- number of cut points below its value, so equal values always get equal scores.
SELECT q, MAX(v) AS cut
FROM (SELECT /*measure*/ AS v, NTILE(5) OVER (ORDER BY /*measure*/) AS q FROM rfm_members) x
GROUP BY q
ORDER BY q
