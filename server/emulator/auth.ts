import type { FastifyReply, FastifyRequest } from 'fastify';
import { CkoError } from './errors';

/**
 * API key checks. The emulator cannot verify a key against an account, so it checks the shape
 * (docs/checkout-api-facts.md §0.2) and refuses anything that looks live: a live key sent here is a
 * configuration mistake that would otherwise go unnoticed until it hits production.
 */

export type KeyKind = 'secret' | 'public';

export interface Credential {
  kind: KeyKind;
  key: string;
  /** `nas` keys (`sk_sbox_…`) need the Bearer scheme; legacy `sk_test_…` keys are sent raw. */
  platform: 'nas' | 'previous';
}

export type AuthFailure = 'authorization_missing' | 'authorization_invalid' | 'live_key_refused' | 'key_type_invalid';

const KEY = /^(sk|pk)_(sbox|test)_[A-Za-z0-9_*#$=-]+$/;
const LIVE_LOOKING = /^(sk|pk)_(?!sbox_|test_)/;

export function parseAuthorization(header: string | undefined): Credential | AuthFailure {
  if (!header || !header.trim()) return 'authorization_missing';
  const bearer = /^bearer\s+/i.test(header);
  const key = header.replace(/^bearer\s+/i, '').trim();
  if (LIVE_LOOKING.test(key)) return 'live_key_refused';
  const match = KEY.exec(key);
  if (!match) return 'authorization_invalid';
  const platform = match[2] === 'sbox' ? 'nas' : 'previous';
  const kind = match[1] === 'sk' ? 'secret' : 'public';
  // NAS secret keys must carry the Bearer scheme (ApiSecretKey.yaml: "you must include the
  // Bearer prefix"). Public keys are accepted raw too: the official Node SDK sends them verbatim
  // (tokens.request), and its sandbox integration tests pass. Previous-platform keys: either way.
  if (platform === 'nas' && kind === 'secret' && !bearer) return 'authorization_invalid';
  return { kind, key, platform };
}

const MESSAGES: Record<AuthFailure, string> = {
  authorization_missing: 'Send an Authorization header: "Bearer sk_sbox_…" (or a pk_ key where the endpoint takes one).',
  authorization_invalid: 'The Authorization header is not a sandbox API key of the expected shape ("Bearer sk_sbox_…", "Bearer pk_sbox_…" or a legacy "sk_test_…").',
  live_key_refused:
    'This is the local Checkout.com sandbox emulator: it refuses live API keys. Use sandbox keys (sk_sbox_…/pk_sbox_…), or unset CKO_SECRET_KEY to run against the emulator.',
  key_type_invalid: 'This endpoint takes a different key type (secret vs public key).',
};

export function authError(reason: AuthFailure): CkoError {
  return new CkoError(401, 'unauthorized', [reason], { message: MESSAGES[reason] });
}

declare module 'fastify' {
  interface FastifyRequest {
    credential?: Credential;
  }
}

/** preHandler enforcing the key kind an endpoint documents. */
export function requireKey(...kinds: KeyKind[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const parsed = parseAuthorization(request.headers.authorization);
    if (typeof parsed === 'string') throw authError(parsed);
    if (!kinds.includes(parsed.kind)) throw authError('key_type_invalid');
    request.credential = parsed;
  };
}
