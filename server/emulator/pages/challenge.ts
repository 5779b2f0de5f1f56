import { escapeHtml, renderDocument } from './layout';
import { formatMoney, messagesFor } from './i18n';

/** The 3DS "ACS" challenge page: one password field, Continue and Cancel. */
export function renderChallengePage(opts: {
  paymentId: string;
  amount: number;
  currency: string;
  locale: string;
  merchant: string;
  error?: boolean;
}): string {
  const m = messagesFor(opts.locale);
  const body = `<main class="ck-page ck-challenge">
  <h1>${escapeHtml(m['emulator.3ds.title'])}</h1>
  <p>${escapeHtml(m['emulator.3ds.intro'])}</p>
  <dl class="ck-challenge-details">
    <div><dt>${escapeHtml(m['emulator.3ds.merchant'])}</dt><dd>${escapeHtml(opts.merchant)}</dd></div>
    <div><dt>${escapeHtml(m['emulator.3ds.amount'])}</dt><dd>${escapeHtml(formatMoney(opts.amount, opts.currency, opts.locale))}</dd></div>
  </dl>
  <form method="post" action="/3ds/${escapeHtml(opts.paymentId)}" class="ck-challenge-form">
    <div class="ck-field">
      <label for="txtPassword">${escapeHtml(m['emulator.3ds.password'])}</label>
      <div class="ck-input-wrap"><input id="txtPassword" name="password" type="password" autocomplete="one-time-code" required aria-describedby="password-hint" autofocus></div>
      <p class="ck-hint" id="password-hint">${escapeHtml(m['emulator.3ds.hint'])}</p>
    </div>
    <div class="ck-actions">
      <button type="submit" id="txtButton" class="ck-pay">${escapeHtml(m['emulator.3ds.continue'])}</button>
      <button type="submit" name="cancel" value="1" formnovalidate class="ck-secondary">${escapeHtml(m['emulator.3ds.cancel'])}</button>
    </div>
  </form>
  <p class="ck-notice">${escapeHtml(m['emulator.sandbox_notice'])}</p>
</main>`;
  return renderDocument({ title: m['emulator.3ds.title']!, lang: m.__lang, dir: m.__dir, body });
}

/** Shown inside the Flow frame's challenge iframe once the ACS is done; tells the frame. */
export function renderChallengeDone(opts: { paymentId: string; locale: string }): string {
  const m = messagesFor(opts.locale);
  return renderDocument({
    title: m['emulator.3ds.title']!,
    lang: m.__lang,
    dir: m.__dir,
    body: `<main class="ck-page"><p role="status">${escapeHtml(m['emulator.3ds.done'])}</p></main>`,
    config: { paymentId: opts.paymentId },
    scripts: ['/flow/assets/challenge-done.js'],
  });
}
