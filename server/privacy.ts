/**
 * How a client address is kept where one must be kept: never the address, an HMAC of it keyed with
 * SESSION_SECRET. The same address always gives the same hash (so an order's trail and the audit
 * log can be read together: `shopper <hash>` in one is `ipHash` in the other), the hash never gives
 * the address back.
 */
import { createHmac } from 'node:crypto';

/** Hashes of the addresses seen last (a session creation hashes its shopper's address twice: its order trail and its audit row). */
const recent = new Map<string, Map<string, string>>();
const RECENT_MAX = 4096;

export function addressHash(secret: string, ip: string): string {
  let bySecret = recent.get(secret);
  if (!bySecret) {
    if (recent.size >= 16) recent.clear();
    recent.set(secret, (bySecret = new Map()));
  }
  let hash = bySecret.get(ip);
  if (hash === undefined) {
    hash = createHmac('sha256', secret).update(`audit-ip\n${ip}`).digest('base64url').slice(0, 22);
    // Bounded: a flood of new addresses starts the memory over instead of growing it.
    if (bySecret.size >= RECENT_MAX) bySecret.clear();
    bySecret.set(ip, hash);
  }
  return hash;
}
