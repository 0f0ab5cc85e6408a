-- Members by acquisition channel (members.channel as imported; '' when unknown): all members
-- registered by the end of the period, those registered in it, and how many of them bought in
-- it (a paid sale in [:start, :end), whoever it was credited to). Three aggregates added up, so
-- that only the period's buyers are looked up, not every member against them.
SELECT channel, SUM(members) AS members, SUM(new_members) AS new_members, SUM(buyers) AS buyers
FROM (SELECT COALESCE(m.channel, '') AS channel, COUNT(*) AS members, 0 AS new_members,
             0 AS buyers
      FROM members m
      WHERE m.registered_at IS NULL OR m.registered_at < :end
      GROUP BY COALESCE(m.channel, '')
      UNION ALL
      SELECT COALESCE(m.channel, ''), 0, COUNT(*), 0
      FROM members m
      WHERE m.registered_at >= :start AND m.registered_at < :end
      GROUP BY COALESCE(m.channel, '')
      UNION ALL
      SELECT COALESCE(m.channel, ''), 0, 0, COUNT(*)
      FROM (SELECT o.member_id FROM orders o
            WHERE o.paid_at >= :start AND o.paid_at < :end
              AND o.kind = 'sale' AND o.status = 'paid' AND o.member_id IS NOT NULL
            GROUP BY o.member_id) b
      JOIN members m ON m.id = b.member_id
      WHERE m.registered_at IS NULL OR m.registered_at < :end
      GROUP BY COALESCE(m.channel, '')) x
GROUP BY channel
ORDER BY members DESC, channel
