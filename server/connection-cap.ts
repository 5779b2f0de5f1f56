/**
 * A cap on long-lived connections (the live seat map's event stream), per client address and in
 * total, for this proxy. Each open stream holds a socket and a feed subscription for as long as
 * the page stays open, so without a cap one client (or a crowd) could hold them all.
 * Refusals are errors in our shape: 429 for one address over its share, 503 when the proxy is full.
 */
import { HttpError } from './errors';
import { clientNetwork } from './privacy';

export class ConnectionCap {
  #total = 0;
  readonly #byIp = new Map<string, number>();

  /** 0 means no cap. */
  constructor(
    readonly maxPerIp: number,
    readonly maxTotal: number,
    private readonly retryAfterSeconds = 10,
  ) {}

  get open(): number {
    return this.#total;
  }

  /** Takes a slot for `address` (an IPv6 address counts as its /64), or throws the refusal. The returned function gives the slot back (once). */
  take(address: string): () => void {
    const ip = clientNetwork(address);
    const retry = { 'retry-after': String(this.retryAfterSeconds) };
    if (this.maxTotal > 0 && this.#total >= this.maxTotal) {
      throw new HttpError(503, 'streams_full', 'Too many live connections to this server right now. Retry shortly.', undefined, retry);
    }
    const mine = this.#byIp.get(ip) ?? 0;
    if (this.maxPerIp > 0 && mine >= this.maxPerIp) {
      throw new HttpError(429, 'too_many_streams', `Too many live connections from your address (at most ${this.maxPerIp}). Close other tabs or retry shortly.`, undefined, retry);
    }
    this.#byIp.set(ip, mine + 1);
    this.#total++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#total--;
      const left = (this.#byIp.get(ip) ?? 1) - 1;
      if (left > 0) this.#byIp.set(ip, left);
      else this.#byIp.delete(ip);
    };
  }
}
