/**
 * checkout-kit: every element, defined. `<script type="module" src="…/kit/checkout-kit.js">`.
 */
export * from './cart/define';
export * from './seat-map/define';
export { cartStore, CartStore, CartChangeEvent, type CartItem } from './core/store';
export { formatMoney, minorUnits, toMinor, fromMinor } from './core/money';
export type * from './core/events';
