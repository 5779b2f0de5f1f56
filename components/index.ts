/**
 * checkout-kit: `<script type="module" src="…/kit/checkout-kit.js">`.
 *
 * Each `ck-*` element is defined when it first appears on the page (its module loads on
 * demand), so a page pays only for the elements it uses. To load one element eagerly, import
 * its own module: `…/kit/elements/ck-cart.js` (which also exports its class).
 */
import { autoload } from './autoload';

export { allDefined, load, KIT_TAGS } from './autoload';
export { cartStore, CartStore, CartChangeEvent, currencyStore, checkoutDraftStore, paymentContextStore, type CartItem } from './core/store';
export { formatMoney, minorUnits, toMinor, fromMinor, convertMinor } from '../contract/money';
export { ApiError } from './core/api';
export { registerTranslations, SUPPORTED_LOCALES, type Translation, type Translations } from './core/localize';
export type * from './core/events';

if (typeof document !== 'undefined') autoload();
