-- Counts per UTC day of what leaves no row of its own (server/admin/analytics.ts): today, the
-- quotes the shop priced (`/api/orders/quote` answered 200), the top of the console's funnel.
CREATE TABLE analytics_daily (
  day     date NOT NULL,
  metric  text NOT NULL,
  count   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, metric)
);
