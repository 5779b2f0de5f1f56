/**
 * Starts the kit on its embedded defaults: the proxy on PORT (4242) and, when no
 * Checkout.com secret key is configured, the sandbox emulator on EMULATOR_PORT (4243),
 * a different origin on purpose (card data typed into Flow goes there, never to the proxy).
 */
import { existsSync } from 'node:fs';
import { buildApp, effectiveConfig } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { closeOnSignals } from './shutdown';

interface Closable {
  close(): Promise<unknown>;
}

/**
 * No SMTP_URL outside production, with the emulator: an embedded SMTP server whose mailbox the
 * emulator shows at /mailbox; the proxy sends to it (server/mail/dev-mailbox.ts).
 */
async function startDevMailboxFor(config: Config): Promise<{ config: Config; devMailbox?: Awaited<ReturnType<typeof import('./mail/dev-mailbox').startDevMailbox>> }> {
  if (!config.mail.devMailbox || config.mail.smtpUrl || config.checkout.mode !== 'emulator') return { config };
  const { startDevMailbox } = await import('./mail/dev-mailbox');
  const devMailbox = await startDevMailbox({ host: '127.0.0.1', port: 0 });
  return { devMailbox, config: { ...config, mail: { ...config.mail, smtpUrl: devMailbox.smtpUrl } } };
}

async function startEmulatorFor(config: Config, mailbox?: import('./mail/dev-mailbox').Mailbox): Promise<{ config: Config; emulator?: Closable }> {
  if (config.checkout.mode !== 'emulator') return { config };
  const { startEmulator } = await import('./emulator/app');
  // The emulator's keys and webhook secret come from one place: effectiveConfig (server/app.ts).
  const withEmulator = (apiUrl: string | undefined) => effectiveConfig({ ...config, checkout: { ...config.checkout, apiUrl } });
  const webhookSecret = withEmulator(undefined).checkout.webhookSecret!;
  const emulator = await startEmulator({
    host: config.host,
    port: config.emulatorPort,
    logger: { level: config.logLevel === 'info' ? 'warn' : config.logLevel },
    webhook: { url: `http://127.0.0.1:${config.port}/webhooks/checkout`, secret: webhookSecret },
    ...(mailbox ? { mailbox } : {}),
  });
  return { emulator, config: withEmulator(emulator.url) };
}

async function startEmbedDemo(config: Config, ports: NonNullable<Config['embedDemo']>) {
  const { startEmbedSite } = await import('./demo-embed');
  return Promise.all([
    startEmbedSite({ host: config.host, port: ports.allowedPort, proxyUrl: config.publicBaseUrl, allowed: true }),
    startEmbedSite({ host: config.host, port: ports.blockedPort, proxyUrl: config.publicBaseUrl, allowed: false }),
  ]);
}

async function main(): Promise<void> {
  // A .env file in the working directory, when there is one (Node's own reader: no dotenv).
  // Variables already set in the environment win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const { config: withMail, devMailbox } = await startDevMailboxFor(config);
  const { config: effective, emulator } = await startEmulatorFor(withMail, devMailbox?.mailbox);
  // OpenTelemetry only when an OTLP endpoint is configured (the exporter reads the OTEL_EXPORTER_OTLP_* variables).
  const tracing = effective.tracing ? (await import('./tracing')).startTracing({ serviceName: effective.tracing.serviceName }) : undefined;
  const app = await buildApp(effective, tracing ? { tracing } : {});
  await app.listen({ host: effective.host, port: effective.port });

  const embedSites = effective.embedDemo ? await startEmbedDemo(effective, effective.embedDemo) : [];

  const lines = [effective.demoPages ? `checkout-kit demo: ${effective.publicBaseUrl}/` : `checkout-kit proxy: ${effective.publicBaseUrl} (kit at /kit/)`];
  if (emulator) lines.push(`Checkout.com sandbox emulator: ${effective.checkout.apiUrl}`);
  else lines.push(`Checkout.com: ${effective.checkout.environment}`);
  if (tracing) lines.push(`traces: OTLP to ${process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  if (devMailbox) lines.push(`dev mailbox (mail the shop sends): ${effective.checkout.apiUrl}/mailbox`);
  if (effective.embedDemo) {
    lines.push(
      `embed demo (allowed origin): http://localhost:${effective.embedDemo.allowedPort}/`,
      `embed demo (origin not allowed): http://localhost:${effective.embedDemo.blockedPort}/`,
    );
  }
  console.log(lines.join('\n'));

  // SIGTERM/SIGINT: drain (not ready), close (streams, queue work, database), then the companions; a forced deadline.
  closeOnSignals(app, { ...effective.shutdown, companions: [...embedSites, ...(emulator ? [emulator] : []), ...(devMailbox ? [devMailbox] : []), ...(tracing ? [tracing] : [])] });
}

await main();
