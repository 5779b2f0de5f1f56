// Budgets of `npm run bench` (tests/bench/run.mjs). A figure past its limit fails the bench.
// Set from measured figures on the reference machine (BENCHMARKS.md "Machine") with headroom
// for run-to-run noise on a 2-core box; tighten them when a change makes things faster.
// Size budgets live in tests/size-budget.mjs (also checked by `npm test`).
export const BUDGETS = {
  /** Script tag → every element defined and rendered, cold context, ms from navigation start. */
  scriptTagMedianMs: 1500,
  scriptTagP95Ms: 2500,
  /** Our proxy's p50 latency ÷ a bare @fastify/http-proxy's, same emulator, same load. */
  proxyP50Ratio: { 'POST /card-metadata': 3, 'POST /create-payment-sessions': 4 },
  /** Our proxy's req/s ÷ the bare proxy's (higher is better). */
  proxyRpsRatio: { 'POST /card-metadata': 0.3, 'POST /create-payment-sessions': 0.25 },
};
