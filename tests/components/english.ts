/**
 * The kit's whole English, as a page with every element has it: the shared core's strings and each
 * element's own (components/<element>/en.ts), which the elements hand to `addEnglish()` as they
 * load. What every other locale file must translate, key for key.
 */
import type { Translation } from '../../components/core/localize';
import core from '../../components/core/locales/en';
import binChecker from '../../components/bin-checker/en';
import cart from '../../components/cart/en';
import checkout from '../../components/checkout/en';
import giftCardBalance from '../../components/gift-card-balance/en';
import giftCardBuilder from '../../components/gift-card-builder/en';
import insuranceForm from '../../components/insurance-form/en';
import login from '../../components/login/en';
import orderHistory from '../../components/order-history/en';
import orderSummary from '../../components/order-summary/en';
import payButton from '../../components/pay-button/en';
import paymentResult from '../../components/payment-result/en';
import productList from '../../components/product-list/en';
import seatMap from '../../components/seat-map/en';

/** Each element's own English, by tag. */
export const ELEMENT_ENGLISH = {
  'ck-bin-checker': binChecker,
  'ck-cart': cart,
  'ck-checkout': checkout,
  'ck-gift-card-balance': giftCardBalance,
  'ck-gift-card-builder': giftCardBuilder,
  'ck-insurance-form': insuranceForm,
  'ck-login': login,
  'ck-order-history': orderHistory,
  'ck-order-summary': orderSummary,
  'ck-pay-button': payButton,
  'ck-payment-result': paymentResult,
  'ck-product-list': productList,
  'ck-seat-map': seatMap,
} as const;

const english: Translation = Object.assign({}, core, ...Object.values(ELEMENT_ENGLISH));
export default english;
