import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Identifier formats copied from Checkout.com's own examples (docs/checkout-api-facts.md §0.7), so that
 * code validating ids with the documented patterns (e.g. `^(pay|sid)_(\w{26})$`) behaves the same
 * against the emulator and the real sandbox.
 */

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HPP_ALPHABET = `${BASE62}_`;

/** Unbiased random string: bytes outside the largest multiple of the alphabet size are rejected. */
function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export type Base32Prefix = 'pay' | 'act' | 'tok' | 'sid' | 'evt' | 'src' | 'cus';

/** `pay_`, `act_`, `tok_`, `sid_`, `evt_`, `src_`, `cus_` + 26 lowercase base32 characters. */
export function newId(prefix: Base32Prefix): string {
  return `${prefix}_${randomString(BASE32, 26)}`;
}

/** `ps_` + 27 base62 characters, e.g. `ps_2aOig7knIeGNYPlyuxUEPQyOmxN`. */
export function newPaymentSessionId(): string {
  return `ps_${randomString(BASE62, 27)}`;
}

/** `pss_` + a UUID, e.g. `pss_009d4916-1a66-48e7-9f36-a4c0a0583e81`. */
export function newPaymentSessionSecret(): string {
  return `pss_${randomUUID()}`;
}

/** `hpp_` + 12 mixed-case characters, e.g. `hpp_kQhs_fI9b8oQ`. */
export function newHostedPaymentId(): string {
  return `hpp_${randomString(HPP_ALPHABET, 12)}`;
}

export function newRequestId(): string {
  return randomUUID();
}

/** Digits that look like a scheme transaction id or an auth code. */
export function randomDigits(length: number): string {
  return randomString('0123456789', length);
}

export const ID_PATTERNS = {
  payment: /^pay_[a-z2-7]{26}$/,
  sessionId: /^sid_[a-z2-7]{26}$/,
  token: /^tok_[a-z2-7]{26}$/,
  paymentSession: /^ps_[0-9A-Za-z]{27}$/,
  hostedPayment: /^hpp_[0-9A-Za-z_]{12}$/,
} as const;
