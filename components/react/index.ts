/**
 * React wrappers for every `ck-*` element (`checkout-kit/react`), made with `@lit/react`.
 * Properties pass through as properties, and each `ck-*` event the element fires becomes a
 * typed callback: `ck-payment-success` → `onCkPaymentSuccess(event)`, where `event.detail` is
 * the event's detail type from components/core/events.ts.
 *
 * Importing this module defines the elements it wraps (each wrapper imports its element's
 * define module).
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import type { CkEventMap } from '../core/events';
import { CkBinChecker as CkBinCheckerElement } from '../bin-checker/define';
import { CkCart as CkCartElement } from '../cart/define';
import { CkCheckout as CkCheckoutElement } from '../checkout/define';
import { CkCurrencyPicker as CkCurrencyPickerElement } from '../currency-picker/define';
import { CkGiftCardBalance as CkGiftCardBalanceElement } from '../gift-card-balance/define';
import { CkGiftCardBuilder as CkGiftCardBuilderElement } from '../gift-card-builder/define';
import { CkInsuranceForm as CkInsuranceFormElement } from '../insurance-form/define';
import { CkLogin as CkLoginElement } from '../login/define';
import { CkOrderHistory as CkOrderHistoryElement } from '../order-history/define';
import { CkOrderSummary as CkOrderSummaryElement } from '../order-summary/define';
import { CkPayButton as CkPayButtonElement } from '../pay-button/define';
import { CkPaymentResult as CkPaymentResultElement } from '../payment-result/define';
import { CkProductList as CkProductListElement } from '../product-list/define';
import { CkProvider as CkProviderElement } from '../provider/define';
import { CkSeatMap as CkSeatMapElement } from '../seat-map/define';

/** `ck-payment-success` → `CkPaymentSuccess` */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** The `on…` callbacks of the events named, each typed with its event's detail. */
export type CkEventProps<K extends keyof CkEventMap> = { [P in K as `on${Pascal<P>}`]: EventName<CkEventMap[P]> };

function events<K extends keyof CkEventMap>(...names: K[]): CkEventProps<K> {
  const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_, __: string, c: string) => c.toUpperCase());
  return Object.fromEntries(names.map((name) => [`on${pascal(name)}`, name])) as unknown as CkEventProps<K>;
}

const payment = ['ck-payment-success', 'ck-payment-error'] as const;

export const CkProvider = createComponent({ react: React, tagName: 'ck-provider', elementClass: CkProviderElement });
export const CkProductList = createComponent({
  react: React,
  tagName: 'ck-product-list',
  elementClass: CkProductListElement,
  events: events('ck-cart-change'),
});
export const CkCart = createComponent({
  react: React,
  tagName: 'ck-cart',
  elementClass: CkCartElement,
  events: events('ck-cart-change', 'ck-coupon-change'),
});
export const CkCurrencyPicker = createComponent({
  react: React,
  tagName: 'ck-currency-picker',
  elementClass: CkCurrencyPickerElement,
  events: events('ck-currency-change'),
});
export const CkCheckout = createComponent({
  react: React,
  tagName: 'ck-checkout',
  elementClass: CkCheckoutElement,
  events: events('ck-checkout-step', ...payment),
});
export const CkOrderSummary = createComponent({
  react: React,
  tagName: 'ck-order-summary',
  elementClass: CkOrderSummaryElement,
});
export const CkPayButton = createComponent({
  react: React,
  tagName: 'ck-pay-button',
  elementClass: CkPayButtonElement,
  events: events('ck-payment-start', 'ck-gift-card-apply', ...payment),
});
export const CkPaymentResult = createComponent({
  react: React,
  tagName: 'ck-payment-result',
  elementClass: CkPaymentResultElement,
  events: events('ck-receipt-download'),
});
export const CkGiftCardBuilder = createComponent({
  react: React,
  tagName: 'ck-gift-card-builder',
  elementClass: CkGiftCardBuilderElement,
  events: events('ck-gift-card-change', ...payment),
});
export const CkGiftCardBalance = createComponent({
  react: React,
  tagName: 'ck-gift-card-balance',
  elementClass: CkGiftCardBalanceElement,
  events: events('ck-gift-card-balance'),
});
export const CkSeatMap = createComponent({
  react: React,
  tagName: 'ck-seat-map',
  elementClass: CkSeatMapElement,
  events: events('ck-seat-select', 'ck-seat-hold', 'ck-seat-hold-expired'),
});
export const CkBinChecker = createComponent({
  react: React,
  tagName: 'ck-bin-checker',
  elementClass: CkBinCheckerElement,
  events: events('ck-bin-result', 'ck-onsale-request'),
});
export const CkInsuranceForm = createComponent({
  react: React,
  tagName: 'ck-insurance-form',
  elementClass: CkInsuranceFormElement,
  events: events('ck-insurance-step', 'ck-insurance-quote', ...payment),
});
export const CkLogin = createComponent({
  react: React,
  tagName: 'ck-login',
  elementClass: CkLoginElement,
  events: events('ck-login-success', 'ck-login-error', 'ck-logout'),
});
export const CkOrderHistory = createComponent({
  react: React,
  tagName: 'ck-order-history',
  elementClass: CkOrderHistoryElement,
});
