-- The days on which each member made a paid sale, before the task day: the one pass over
-- orders that task generation needs (DN(x): the day number of x, days since 2000-01-01, the
-- same on SQLite and PostgreSQL). Sorted, so that the table it fills (keyed by member and day)
-- is written in order and read in order by what follows. /*orders*/: `orders o`, read whole
-- (SQLite: NOT INDEXED, a scan and one sort instead of millions of index lookups) or through
-- the member index for one member (explain, /*scope*/).
SELECT DISTINCT o.member_id, DN(o.paid_at)
FROM /*orders*/
WHERE o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
  AND o.paid_at < :day_start /*scope*/
ORDER BY 1, 2
