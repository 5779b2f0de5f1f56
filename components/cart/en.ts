import { enPlural } from '../core/locales/en';

/**
 * `<ck-cart>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const cartEn = {
  cartTitle: 'Your cart',
  cartItems: (count: number) => (enPlural.select(count) === 'one' ? '1 item' : `${count} items`),
  quantityOf: (name: string) => `Quantity of ${name}`,
  decreaseQuantity: (name: string) => `Decrease quantity of ${name}`,
  increaseQuantity: (name: string) => `Increase quantity of ${name}`,
  removeItem: (name: string) => `Remove ${name} from cart`,
  eachPrice: (price: string) => `${price} each`,
  itemRemoved: (name: string) => `${name} removed from cart.`,
  quantityChanged: (name: string, quantity: number) => `Quantity of ${name} is now ${quantity}.`,

  couponCode: 'Coupon code',
  apply: 'Apply',
  applying: 'Checking…',
  couponRequired: 'Enter a coupon code.',
  couponApplied: (code: string) => `Code ${code} applied.`,
  couponRemoved: 'Coupon removed.',
  removeCoupon: (code: string) => `Remove code ${code}`,
  shippingAtCheckout: 'Shipping is calculated at checkout.',
};

export default cartEn;
