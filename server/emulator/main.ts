import { EMULATOR_KEYS } from './keys';
import { startEmulator } from './app';

/**
 * Standalone start: `tsx server/emulator/main.ts`.
 * EMULATOR_PORT (default 4243), EMULATOR_HOST (default 127.0.0.1: card forms post here, so it is
 * not exposed beyond the machine unless asked), EMULATOR_PUBLIC_URL, EMULATOR_WEBHOOK_URL with
 * CKO_WEBHOOK_SECRET (both needed to send webhooks).
 */

const port = Number(process.env.EMULATOR_PORT ?? 4243);
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
const webhookUrl = process.env.EMULATOR_WEBHOOK_URL;
const webhookSecret = process.env.CKO_WEBHOOK_SECRET;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT}"`);
  process.exit(1);
}
if (webhookUrl && !webhookSecret) {
  console.error('EMULATOR_WEBHOOK_URL is set but CKO_WEBHOOK_SECRET is not: webhooks need a signing key');
  process.exit(1);
}

const emulator = await startEmulator({
  port,
  host,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  ...(process.env.EMULATOR_PUBLIC_URL ? { publicBaseUrl: process.env.EMULATOR_PUBLIC_URL } : {}),
  ...(webhookUrl && webhookSecret ? { webhook: { url: webhookUrl, secret: webhookSecret } } : {}),
});

console.log(`Checkout.com sandbox emulator listening on ${emulator.url}`);
console.log(`  Flow script: ${emulator.url}/flow.js   keys: any sk_sbox_…/pk_sbox_… (e.g. ${EMULATOR_KEYS.secretKey})`);
console.log(`  webhooks: ${webhookUrl ? `→ ${webhookUrl}` : 'off (set EMULATOR_WEBHOOK_URL and CKO_WEBHOOK_SECRET)'}`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
