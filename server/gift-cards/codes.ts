/**
 * Gift-card codes: made, normalised, hashed for lookup and sealed for delivery.
 *
 * A code is 16 Crockford base32 characters (80 random bits) in four groups, `7KQ4-M2XD-9HVT-P3CA`:
 * no I, L, O or U, so it reads aloud and types without mix-ups; when typed, case, spaces and
 * dashes do not matter and O/I/L read as 0/1/1. The database keeps two things derived from it
 * under GIFT_CARD_SECRET (HKDF gives each use its own key):
 *   - `hash`: HMAC-SHA256 of the normalised code — what a lookup compares. Without the secret a
 *     stolen table cannot be searched for codes (80 bits are too many to try anyway).
 *   - `sealed`: the code under AES-256-GCM, so the mail worker can send it to the recipient on
 *     the delivery date (`openCode`). Nothing else ever reads the plain code back.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 16;

export interface CodeKeys {
  hmac: Buffer;
  seal: Buffer;
}

export function codeKeys(secret: string): CodeKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'checkout-kit gift cards', info, 32));
  return { hmac: derive('code lookup'), seal: derive('code sealing') };
}

/** A fresh code, grouped for reading: `XXXX-XXXX-XXXX-XXXX`. */
export function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32: `b % 32` is uniform.
  for (const b of bytes) code += CROCKFORD[b % 32];
  return code.match(/.{4}/g)!.join('-');
}

/** The code as typed → its 16 canonical characters, or undefined when it cannot be a code. */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !CROCKFORD.includes(c))) return undefined;
  return code;
}

export const hashCode = (keys: CodeKeys, normalised: string) => createHmac('sha256', keys.hmac).update(normalised).digest('base64url');

export const lastFour = (normalised: string) => normalised.slice(-4);

/** iv.tag.ciphertext, base64url. */
export function sealCode(keys: CodeKeys, code: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv);
  const data = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

export function openCode(keys: CodeKeys, sealed: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', keys.seal, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
}
