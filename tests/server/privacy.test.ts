/**
 * A client address is kept only as an HMAC of it (server/privacy.ts). Session creation hashes its
 * shopper's address for the order trail and the audit row, so recent hashes are remembered; the
 * memory is bounded, and whatever it holds, an address always gives the same hash under the same
 * secret (the order trail and the audit log must stay readable together), and another secret
 * gives another hash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { addressHash } from '../../server/privacy';

const reference = (secret: string, ip: string) => createHmac('sha256', secret).update(`audit-ip\n${ip}`).digest('base64url').slice(0, 22);

test('an address gives the same keyed hash before and after a flood of new addresses, never the address, and another secret gives another hash', () => {
  const secret = 'a-session-secret-of-at-least-32-characters';
  const first = addressHash(secret, '198.51.100.7');
  assert.equal(first, reference(secret, '198.51.100.7'));
  assert.doesNotMatch(first, /198|51|100/);
  // An attacker minting addresses (10,000 of them) cannot make one hash differ from another time's.
  for (let i = 0; i < 10_000; i++) assert.equal(addressHash(secret, `2001:db8::${i.toString(16)}`), reference(secret, `2001:db8::${i.toString(16)}`));
  assert.equal(addressHash(secret, '198.51.100.7'), first);
  // Secrets are never mixed up, even after many of them.
  for (let i = 0; i < 40; i++) assert.equal(addressHash(`${secret}-${i}`, '198.51.100.7'), reference(`${secret}-${i}`, '198.51.100.7'));
  assert.notEqual(addressHash(`${secret}-0`, '198.51.100.7'), first);
  assert.equal(addressHash(secret, '198.51.100.7'), first);
});
