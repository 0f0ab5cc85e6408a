-- Task completion per guide: tasks due from :first_day to :last_day (due_on), and how many of
-- them are done (status 'done'). Stores, regions and teams add up their guides. The WHERE
-- may keep some guides only (the rows a leaderboard shows).
SELECT t.guide_id AS k /*day*/,
       COUNT(*) AS generated,
       SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) AS done
FROM tasks t
WHERE t.due_on >= :first_day AND t.due_on <= :last_day AND t.guide_id IS NOT NULL /*guides*/
GROUP BY k /*by day*/
