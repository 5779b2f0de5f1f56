import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TEST_CARDS } from '../cards';
import type { EmulatorContext } from '../context';
import { faultRuleSchema } from '../faults';

/**
 * The emulator's own control API under /_emulator: faults, reset, webhook receiver and delivery
 * log. It exists only here — the proxy never mounts anything like it.
 */

const webhookTargetSchema = z.object({ url: z.url(), secret: z.string().min(1) }).strict();

export function controlRoutes(app: FastifyInstance, ctx: EmulatorContext, reset: () => void): void {
  app.get('/_emulator/faults', async () => ({ faults: ctx.faults.list() }));

  app.post('/_emulator/faults', async (request, reply) => {
    const parsed = faultRuleSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid fault rule', issues: parsed.error.issues });
    return reply.code(201).send(ctx.faults.add(request.body));
  });

  app.delete('/_emulator/faults', async (_request, reply) => {
    ctx.faults.remove();
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/_emulator/faults/:id', async (request, reply) => {
    return reply.code(ctx.faults.remove(request.params.id) ? 204 : 404).send();
  });

  app.post('/_emulator/reset', async (_request, reply) => {
    reset();
    return reply.code(204).send();
  });

  app.get('/_emulator/webhooks', async () => ({
    receiver: ctx.webhooks.configured?.url ?? null,
    deliveries: ctx.webhooks.log,
  }));

  app.put('/_emulator/webhooks/receiver', async (request, reply) => {
    const parsed = webhookTargetSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'expected { url, secret }', issues: parsed.error.issues });
    ctx.webhooks.configure(parsed.data);
    return reply.code(204).send();
  });

  app.delete('/_emulator/webhooks/receiver', async (_request, reply) => {
    ctx.webhooks.configure(undefined);
    return reply.code(204).send();
  });

  app.get('/_emulator/test-cards', async () => ({ cards: TEST_CARDS }));
}
