/**
 * The proxy's public HTTP contract, written once as zod schemas, one file per domain. The
 * server validates requests and responses with them; the browser kit imports their *types*
 * only (`import type`), so no zod reaches the bundle.
 *
 * Our API is camelCase JSON; Checkout.com's own objects (the payment session) pass through
 * unmodified, as Flow requires.
 */
export * from './common';
export * from './catalog';
export * from './orders';
export * from './payments';
export * from './errors';
export * from './seats';
export * from './auth';
export * from './insurance';
export * from './accounts';
export * from './gift-cards';
export * from './admin';
