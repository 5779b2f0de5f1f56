/**
 * How a client address is kept where one must be kept: never the address, an HMAC of it keyed with
 * SESSION_SECRET. The same address always gives the same hash (so an order's trail and the audit
 * log can be read together: `shopper <hash>` in one is `ipHash` in the other), the hash never gives
 * the address back.
 */
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export function addressHash(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`audit-ip\n${ip}`).digest('base64url').slice(0, 22);
}

/**
 * The network a client address counts as in every per-address budget (seat holds, live streams,
 * sign-ups, logins, gift-card guesses, payment velocity, the request rate): an IPv4 address
 * itself; an IPv6 address its /64, because one subscriber, one phone or one rented server is
 * given a whole /64 and can send from any of its 2⁶⁴ addresses; an IPv4-mapped IPv6 address
 * (`::ffff:198.51.100.7`) its IPv4. Every spelling of one address gives one key.
 */
export function clientNetwork(ip: string): string {
  const bare = ip.replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return ip;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...zeros, ...back].map((g) => parseInt(g, 16));
}
