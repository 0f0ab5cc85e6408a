-- Coupon redemption per leaderboard row: coupons issued in [:start, :end) (issued_at) and
-- coupons redeemed in it (redeemed_at), credited to the guide who issued them
-- (c.issued_guide_id) or to the coupon's store (c.store_id) and its region.
SELECT k /*by day*/, SUM(issued) AS issued, SUM(redeemed) AS redeemed
FROM (SELECT /*key*/ AS k /*issued day*/, COUNT(*) AS issued, 0 AS redeemed
      FROM coupons c /*join*/
      WHERE c.issued_at >= :start AND c.issued_at < :end
      GROUP BY k /*by day*/
      UNION ALL
      SELECT /*key*/ AS k /*redeemed day*/, 0 AS issued, COUNT(*) AS redeemed
      FROM coupons c /*join*/
      WHERE c.redeemed_at >= :start AND c.redeemed_at < :end
      GROUP BY k /*by day*/) x
GROUP BY k /*by day*/
