import fp from 'fastify-plugin';
import { CheckoutClient, type ClientOptions } from '../checkout/client';
import type { Config } from '../config';
import { tracedClient } from '../trace-context';

declare module 'fastify' {
  interface FastifyInstance {
    checkout: CheckoutClient;
  }
}

/** The upstream client, its breaker and call metrics wired into the registry. */
export default fp<{ checkout: Config['checkout']; client?: ClientOptions; traced?: boolean }>(
  async function checkoutPlugin(app, opts) {
    const metrics = app.metrics;
    metrics.setCircuit('closed');
    const client = new CheckoutClient(opts.checkout, {
      ...opts.client,
      onCall: (op, outcome, seconds) => {
        metrics.upstreamCalls.inc({ operation: op, outcome });
        if (outcome !== 'circuit_open') metrics.upstreamDuration.observe({ operation: op }, seconds);
      },
      onCircuit: (state) => {
        metrics.setCircuit(state);
        app.log.warn({ circuit: state }, 'upstream circuit breaker changed state');
      },
    });
    // Tracing on: a span around each call to Checkout.com (server/trace-context.ts).
    app.decorate('checkout', tracedClient(client, opts.traced ?? false));
    app.addHook('onClose', async () => client.close());
  },
  { name: 'ck-checkout', dependencies: ['ck-metrics'] },
);
