import { clientMessages, clientSchemes, renderCardForm } from './card-form';
import { formatMoney, messagesFor } from './i18n';
import { escapeHtml, renderDocument } from './layout';

/** The hosted payment page: merchant header, order summary, the card form, a cancel link. */

export interface HppPageInput {
  id: string;
  amount: number;
  currency: string;
  locale: string;
  merchant: string;
  description?: string | undefined;
  products: Array<{ name: string; quantity: number; price: number }>;
  cancelUrl: string;
  cardholderName?: string | undefined;
}

export function renderHostedPaymentPage(input: HppPageInput): string {
  const m = messagesFor(input.locale);
  const money = (minor: number) => formatMoney(minor, input.currency, input.locale);
  const total = money(input.amount);
  const lines = input.products
    .map(
      (p) => `<li class="ck-line"><span class="ck-line-name">${escapeHtml(p.name)} <span class="ck-line-qty">× ${p.quantity}</span></span><span class="ck-line-amount">${escapeHtml(money(p.price * p.quantity))}</span></li>`,
    )
    .join('');
  const body = `<main class="ck-page ck-hpp">
  <header class="ck-hpp-header">
    <p class="ck-merchant">${escapeHtml(input.merchant)}</p>
    <p class="ck-notice">${escapeHtml(m['emulator.sandbox_notice'])}</p>
  </header>
  <section class="ck-summary" aria-labelledby="summary-title">
    <h1 id="summary-title">${escapeHtml(m['emulator.order_summary'])}</h1>
    ${input.description ? `<p>${escapeHtml(input.description)}</p>` : ''}
    ${lines ? `<ul class="ck-lines">${lines}</ul>` : ''}
    <p class="ck-total"><span>${escapeHtml(m['emulator.total'])}</span> <strong>${escapeHtml(total)}</strong></p>
  </section>
  <section class="ck-payment" aria-label="${escapeHtml(m.card)}">
    ${renderCardForm({ messages: m, payLabel: `${m['pay_button.pay']} ${total}`, showPayButton: true, cardholder: 'bottom', cardholderName: input.cardholderName })}
  </section>
  <p class="ck-cancel"><a href="${escapeHtml(input.cancelUrl)}">${escapeHtml(m['emulator.cancel'])}</a></p>
</main>`;
  return renderDocument({
    title: `${input.merchant} – ${total}`,
    lang: m.__lang,
    dir: m.__dir,
    body,
    config: { mode: 'hpp', hostedPaymentId: input.id, messages: clientMessages(m), schemes: clientSchemes(), payLabel: `${m['pay_button.pay']} ${total}` },
    scripts: ['/flow/assets/card-form.js'],
  });
}

export function renderHppMessage(opts: { locale: string; title: string; message: string }): string {
  const m = messagesFor(opts.locale);
  return renderDocument({
    title: opts.title,
    lang: m.__lang,
    dir: m.__dir,
    body: `<main class="ck-page"><h1>${escapeHtml(opts.title)}</h1><p>${escapeHtml(opts.message)}</p></main>`,
  });
}
