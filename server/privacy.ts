/**
 * How a client address is kept where one must be kept: never the address, an HMAC of it keyed with
 * SESSION_SECRET. The same address always gives the same hash (so an order's trail and the audit
 * log can be read together: `shopper <hash>` in one is `ipHash` in the other), the hash never gives
 * the address back.
 */
import { createHmac } from 'node:crypto';

export function addressHash(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`audit-ip\n${ip}`).digest('base64url').slice(0, 22);
}
