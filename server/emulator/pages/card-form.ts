import { SCHEME_RULES } from '../cards';
import { escapeHtml } from './layout';
import type { Messages } from './i18n';

/**
 * The card form shared by the Flow frame and the hosted payment page: real <label>s with Flow's
 * texts, autocomplete tokens, an error slot per field (linked with aria-describedby when shown)
 * and a live region that announces results.
 */

export interface CardFormOptions {
  messages: Messages;
  payLabel: string;
  showPayButton: boolean;
  cardholder: 'top' | 'bottom' | 'hidden';
  cardholderName?: string | undefined;
}

function field(id: string, label: string, attrs: string, extra = ''): string {
  return `<div class="ck-field" data-field="${id}">
  <label for="${id}">${escapeHtml(label)}</label>
  <div class="ck-input-wrap"><input id="${id}" name="${id}" ${attrs}>${extra}</div>
  <p class="ck-error" id="${id}-error" hidden></p>
</div>`;
}

export function renderCardForm(opts: CardFormOptions): string {
  const m = opts.messages;
  const name = field(
    'cardholder-name',
    m['card.card_holder_name']!,
    `type="text" autocomplete="cc-name" spellcheck="false" required value="${escapeHtml(opts.cardholderName ?? '')}"`,
  );
  return `<form id="ck-card-form" class="ck-card-form" novalidate>
${opts.cardholder === 'top' ? name : ''}
${field(
  'card-number',
  m['card.card_number']!,
  'type="text" inputmode="numeric" autocomplete="cc-number" spellcheck="false" required maxlength="23"',
  '<span class="ck-brand" id="card-brand" aria-hidden="true"></span>',
)}
<div class="ck-row">
${field(
  'expiry-date',
  m['card.expiry_date']!,
  `type="text" inputmode="numeric" autocomplete="cc-exp" required maxlength="7" placeholder="${escapeHtml(`${m['card.expiry_date.placeholder.month']} / ${m['card.expiry_date.placeholder.year']}`)}"`,
)}
${field('security-code', m['card.security_code']!, 'type="text" inputmode="numeric" autocomplete="cc-csc" required maxlength="4"')}
</div>
${opts.cardholder === 'bottom' ? name : ''}
<p class="ck-form-error" id="ck-form-error" role="alert" hidden></p>
${opts.showPayButton ? `<button type="submit" id="ck-pay" class="ck-pay">${escapeHtml(opts.payLabel)}</button>` : ''}
<p class="ck-status ck-visually-hidden" id="ck-status" role="status" aria-live="polite"></p>
</form>`;
}

/** The subset of strings and rules the client script needs. */
export function clientMessages(m: Messages): Record<string, string> {
  return Object.fromEntries(Object.entries(m).filter(([key]) => !key.startsWith('emulator.') || key.startsWith('emulator.3ds')));
}

export function clientSchemes(): Array<{ scheme: string; pattern: string; lengths: number[]; cvvLength: number }> {
  return SCHEME_RULES.map((rule) => ({ scheme: rule.scheme, pattern: rule.pattern.source, lengths: rule.lengths, cvvLength: rule.cvvLength }));
}
