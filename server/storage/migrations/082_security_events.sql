-- The security and staff audit log (server/admin/audit.ts), beside payment_events (an order's
-- own trail): logins that succeeded, failed or were throttled, requests refused for their origin
-- or CSRF token, rate limiting, console refusals, and staff actions. Who: the username when
-- there is one; where from: an HMAC of the client address (keyed with SESSION_SECRET, never the
-- address itself) and the user agent. Purged after AUDIT_RETENTION_DAYS.
CREATE TABLE security_events (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  type        text NOT NULL,
  actor       text,
  ip_hash     text NOT NULL,
  user_agent  text,
  route       text,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX security_events_at ON security_events (at);
CREATE INDEX security_events_type ON security_events (type, at);
CREATE INDEX security_events_actor ON security_events (actor, at) WHERE actor IS NOT NULL;
