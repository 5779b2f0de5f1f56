-- Reconciliation reports (server/admin/reconciliation.ts): the orders of a period compared with
-- what Checkout.com reports for their payments, one item per order (and per payment of no order).
--
-- A run claims its row before it calls anyone: the scheduled run of a period exists once
-- (reconciliation_scheduled_once), and one run per period is `running` at a time
-- (reconciliation_one_running), so N proxies sharing this database run it once.

CREATE TABLE reconciliation_reports (
  id            text PRIMARY KEY,                 -- rec_…
  period_start  timestamptz NOT NULL,
  period_end    timestamptz NOT NULL,             -- exclusive
  status        text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  -- 'schedule', or 'staff <username>' for a run asked for in the console.
  trigger       text NOT NULL,
  counts        jsonb NOT NULL DEFAULT '{}'::jsonb,
  mismatches    integer NOT NULL DEFAULT 0,
  error         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CHECK (period_end > period_start)
);
CREATE UNIQUE INDEX reconciliation_scheduled_once ON reconciliation_reports (period_start, period_end) WHERE trigger = 'schedule';
CREATE UNIQUE INDEX reconciliation_one_running ON reconciliation_reports (period_start, period_end) WHERE status = 'running';
CREATE INDEX reconciliation_reports_created ON reconciliation_reports (created_at);

CREATE TABLE reconciliation_items (
  report_id   text NOT NULL REFERENCES reconciliation_reports (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('matched', 'payment_missing', 'order_missing', 'amount_mismatch', 'status_mismatch', 'refunds_differ')),
  order_id    text,
  payment_id  text,
  ours        jsonb,
  theirs      jsonb,
  PRIMARY KEY (report_id, seq)
);
