import { cartStore, checkoutDraftStore, currencyStore, paymentContextStore, type CheckoutDraft } from '../../components/core/store';

export const twoCases = [
  { reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', unitAmount: 19900, currency: 'HKD', quantity: 2 },
  { reference: 'case-galaxys25-rugged', name: 'Rugged case for Galaxy S25', unitAmount: 34900, currency: 'HKD', quantity: 1 },
];

export const filledDraft: CheckoutDraft = {
  customer: { email: 'mei.chan@example.com', name: 'Mei Chan', phone: '+852 5123 4567' },
  shippingAddress: { line1: '18 Harbour Road', line2: 'Flat 12B', city: 'Wan Chai', country: 'HK' },
  billingSameAsShipping: true,
  shippingMethod: 'hk-courier',
};

/** Puts the shared stores in a known state before a story renders. */
export function seed({ items = twoCases, currency, draft }: { items?: typeof twoCases; currency?: string; draft?: CheckoutDraft } = {}) {
  const cart = cartStore();
  cart.clear();
  for (const item of items) cart.add(item);
  currencyStore().set(currency);
  checkoutDraftStore().set(draft);
  paymentContextStore().set(undefined);
}

/** The shadow root of the first `tag` in the canvas, once the element has rendered (its locale loads first). */
export async function renderedRoot(canvas: HTMLElement, tag: string): Promise<ShadowRoot> {
  await customElements.whenDefined(tag);
  const el = canvas.querySelector(tag) as (HTMLElement & { updateComplete: Promise<unknown> }) | null;
  if (!el) throw new Error(`<${tag}> is not in the story`);
  await el.updateComplete;
  return el.shadowRoot!;
}

/** Empties every shared store (between tests). */
export const resetStores = () => seed({ items: [] });
