/**
 * checkout-kit: every element, defined. `<script type="module" src="…/kit/checkout-kit.js">`.
 */
export * from './provider/define';
export * from './cart/define';
export * from './product-list/define';
export * from './currency-picker/define';
export * from './order-summary/define';
export * from './pay-button/define';
export * from './payment-result/define';
export * from './checkout/define';
export * from './seat-map/define';
export * from './bin-checker/define';
export * from './login/define';
export * from './gift-card-builder/define';
export * from './insurance-form/define';
export { cartStore, CartStore, CartChangeEvent, currencyStore, checkoutDraftStore, paymentContextStore, type CartItem } from './core/store';
export { formatMoney, minorUnits, toMinor, fromMinor, convertMinor } from './core/money';
export { ApiError } from './core/api';
export type * from './core/events';
