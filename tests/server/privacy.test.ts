/**
 * A client address is kept only as an HMAC of it (server/privacy.ts): an address always gives the
 * same hash under the same secret (the order trail and the audit log must stay readable together),
 * never the address itself, and another secret gives another hash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { addressHash } from '../../server/privacy';

const reference = (secret: string, ip: string) => createHmac('sha256', secret).update(`audit-ip\n${ip}`).digest('base64url').slice(0, 22);

test('an address gives the same keyed hash every time, never the address, and another secret gives another hash', () => {
  const secret = 'a-session-secret-of-at-least-32-characters';
  const first = addressHash(secret, '198.51.100.7');
  assert.equal(first, reference(secret, '198.51.100.7'));
  assert.doesNotMatch(first, /198|51|100/);
  // Many other addresses in between change nothing.
  for (let i = 0; i < 10_000; i++) assert.equal(addressHash(secret, `2001:db8::${i.toString(16)}`), reference(secret, `2001:db8::${i.toString(16)}`));
  assert.equal(addressHash(secret, '198.51.100.7'), first);
  // Secrets are never mixed up.
  for (let i = 0; i < 40; i++) assert.equal(addressHash(`${secret}-${i}`, '198.51.100.7'), reference(`${secret}-${i}`, '198.51.100.7'));
  assert.notEqual(addressHash(`${secret}-0`, '198.51.100.7'), first);
  assert.equal(addressHash(secret, '198.51.100.7'), first);
});
