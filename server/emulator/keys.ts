/**
 * The emulator's own sandbox-shaped keys, written once: what `npm run emulator` prints, what the
 * proxy uses against the embedded emulator when no keys are configured (server/app.ts
 * `effectiveConfig`), and what tests call the emulator with. Not secrets: they only ever open
 * the local emulator, which accepts any well-formed sandbox key. Both API keys also satisfy the
 * official Node SDK's NAS sandbox key regexes (`sk_sbox_` + 27 base32 characters).
 */
export const EMULATOR_KEYS = {
  secretKey: 'sk_sbox_checkoutkitemulatorlocalkey',
  publicKey: 'pk_sbox_checkoutkitemulatorlocalkey',
  processingChannelId: 'pc_checkoutkitemulatorchannel',
  webhookSecret: 'checkout-kit-emulator-webhook-secret',
} as const;
