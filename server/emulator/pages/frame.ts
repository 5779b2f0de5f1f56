import { clientMessages, clientSchemes, renderCardForm } from './card-form';
import { appearanceToCss } from './appearance';
import { formatMoney, messagesFor } from './i18n';
import { escapeHtml, renderDocument } from './layout';

/** The Flow iframe document: the card form plus the 3DS challenge overlay. */

export interface FramePageInput {
  sessionId: string;
  amount: number;
  currency: string;
  locale: string;
  parentOrigin: string;
  componentId: string;
  componentName: string;
  appearance?: unknown;
  translations?: Record<string, Record<string, string>> | undefined;
  showPayButton: boolean;
  cardholder: 'top' | 'bottom' | 'hidden';
  cardholderName?: string | undefined;
}

export function renderFramePage(input: FramePageInput): string {
  const m = messagesFor(input.locale, input.translations);
  const payLabel = `${m['pay_button.pay']} ${formatMoney(input.amount, input.currency, m.__lang)}`;
  const body = `${renderCardForm({ messages: m, payLabel, showPayButton: input.showPayButton, cardholder: input.cardholder, cardholderName: input.cardholderName })}
<div class="ck-challenge-overlay" id="ck-challenge" role="dialog" aria-modal="true" aria-labelledby="ck-challenge-title" hidden>
  <div class="ck-challenge-box">
    <h2 id="ck-challenge-title" class="ck-visually-hidden">${escapeHtml(m['emulator.3ds.title'])}</h2>
    <iframe id="ck-challenge-frame" title="${escapeHtml(m['emulator.3ds.title'])}"></iframe>
  </div>
</div>`;
  return renderDocument({
    title: m.card!,
    lang: m.__lang,
    dir: m.__dir,
    style: appearanceToCss(input.appearance),
    bodyClass: 'ck-frame',
    body,
    config: {
      mode: 'flow',
      sessionId: input.sessionId,
      parentOrigin: input.parentOrigin,
      componentId: input.componentId,
      componentName: input.componentName,
      amount: input.amount,
      currency: input.currency,
      locale: m.__lang,
      messages: clientMessages(m),
      schemes: clientSchemes(),
      payLabel,
    },
    scripts: ['/flow/assets/card-form.js'],
  });
}
