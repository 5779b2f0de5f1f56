-- Session creation's database work, fewer round trips (issue 17; server/risk/velocity.ts).
--
-- Payment velocity's check-and-count as ONE statement instead of a five-round-trip transaction
-- (BEGIN, the advisory locks, the reads, the count, COMMIT): the function takes the email's and
-- then the address's advisory lock, reads their weighted use in the window and their busiest
-- card's, and counts this attempt only when every budget has room for it. Each statement of a
-- PL/pgSQL function takes its own snapshot, so the reads see every attempt that committed
-- before the locks were granted (a single plain statement could not: its snapshot is taken
-- before it waits for a lock). The locks are the same keys as before and are released at the
-- end of the calling statement's transaction; nobody waits on a network hop while holding them.
--
-- The count is committed asynchronously (synchronous_commit off for this statement's transaction
-- only): it is visible to every other request at once, as any commit is, but the proxy does not
-- wait for its WAL flush. What a crash could lose is at most the last fraction of a second of
-- attempts that made no order: an order's own (synchronous) commit flushes the WAL written before
-- it, its attempt included. Orders, payments and their audit rows keep synchronous commits.
--
-- Returns the rows read (use_scope 'email' | 'ip' | 'card', newest first, 500 at most each, so
-- the proxy can tell a refused shopper how long to wait) and, when counted, one row 'attempt'
-- with the new attempt's id.
CREATE FUNCTION ck_velocity_begin(
  p_email text, p_ip text, p_since timestamptz, p_at timestamptz, p_purge_before timestamptz,
  p_per_email double precision, p_per_ip double precision, p_per_card double precision, p_order_id text
) RETURNS TABLE (use_scope text, use_at timestamptz, use_weight integer, attempt_id bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  r record;
  email_sum bigint := 0;
  ip_sum bigint := 0;
  card_sum bigint := 0;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM pg_advisory_xact_lock(hashtextextended('ck-velocity-email:' || p_email, 0));
  IF p_ip IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('ck-velocity-ip:' || p_ip, 0));
  END IF;
  FOR r IN
    WITH card AS (
      SELECT a.card_hash FROM payment_attempts a
      WHERE a.card_hash IN (
          SELECT b.card_hash FROM payment_attempts b
          WHERE b.card_hash IS NOT NULL AND b.at > p_since AND (b.email_hash = p_email OR (p_ip IS NOT NULL AND b.ip_hash = p_ip)))
        AND a.at > p_since
      GROUP BY a.card_hash ORDER BY SUM(a.card_weight) DESC LIMIT 1
    )
    (SELECT 'email'::text AS scope, a.at, a.weight AS w FROM payment_attempts a WHERE a.email_hash = p_email AND a.at > p_since AND a.weight > 0 ORDER BY a.at DESC LIMIT 500)
    UNION ALL
    (SELECT 'ip'::text, a.at, a.weight FROM payment_attempts a WHERE p_ip IS NOT NULL AND a.ip_hash = p_ip AND a.at > p_since AND a.weight > 0 ORDER BY a.at DESC LIMIT 500)
    UNION ALL
    (SELECT 'card'::text, a.at, a.card_weight FROM payment_attempts a WHERE a.card_hash = (SELECT card.card_hash FROM card) AND a.at > p_since AND a.card_weight > 0 ORDER BY a.at DESC LIMIT 500)
  LOOP
    IF r.scope = 'email' THEN
      email_sum := email_sum + r.w;
    ELSIF r.scope = 'ip' THEN
      ip_sum := ip_sum + r.w;
    ELSE
      card_sum := card_sum + r.w;
    END IF;
    use_scope := r.scope;
    use_at := r.at;
    use_weight := r.w;
    attempt_id := NULL;
    RETURN NEXT;
  END LOOP;
  IF email_sum + 1 <= p_per_email AND ip_sum + 1 <= p_per_ip AND card_sum + 1 <= p_per_card THEN
    -- Rows past the window count for nothing: dropped as new ones come.
    DELETE FROM payment_attempts WHERE payment_attempts.at < p_purge_before;
    INSERT INTO payment_attempts (kind, order_id, email_hash, ip_hash, weight, at)
      VALUES ('session', p_order_id, p_email, p_ip, 1, p_at) RETURNING payment_attempts.id INTO attempt_id;
    use_scope := 'attempt';
    use_at := p_at;
    use_weight := 1;
    RETURN NEXT;
  END IF;
  RETURN;
END
$$;
-- The clean-up above deletes by time alone: without this index it read the whole table per session.
CREATE INDEX payment_attempts_at ON payment_attempts (at);
