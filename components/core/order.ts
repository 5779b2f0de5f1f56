/**
 * The order as the shopper has put it together: the cart's products and quantities plus
 * what the checkout draft holds. Only *what* is bought leaves the browser — never an amount.
 */
import type { OrderRequest, QuoteRequest } from './api';
import type { Address } from '../../contract/api';
import { cartStore } from './store';
import { checkoutDraftStore, type CheckoutDraft } from './values';

type Currency = OrderRequest['currency'];

function address(fields: Record<string, string> | undefined): Address | undefined {
  if (!fields?.line1) return undefined;
  const out: Record<string, string> = {};
  for (const key of ['line1', 'line2', 'city', 'state', 'zip', 'country']) {
    const value = fields[key]?.trim();
    if (value) out[key] = key === 'country' ? value.toUpperCase() : value;
  }
  return out as unknown as Address;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** The order for a quote or a payment, from the shared cart and checkout draft. */
export function currentOrder(currency: string, fallbackCountry: string, locale?: string, draft: CheckoutDraft = checkoutDraftStore().value ?? {}): QuoteRequest {
  const shippingAddress = address(draft.shippingAddress);
  const billingAddress = draft.billingSameAsShipping === false ? address(draft.billingAddress) : shippingAddress;
  const customer = draft.customer?.email && draft.customer.name ? compact({ ...draft.customer }) : undefined;
  return compact({
    items: cartStore().items.map(({ reference, quantity }) => ({ reference, quantity })),
    currency: currency as Currency,
    country: shippingAddress?.country ?? fallbackCountry,
    coupon: draft.coupon,
    shippingMethod: draft.shippingMethod,
    customer: customer as OrderRequest['customer'] | undefined,
    shippingAddress,
    billingAddress,
    locale,
  });
}
