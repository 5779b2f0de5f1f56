const enPlural = new Intl.PluralRules('en');

export const en = {
  cartTitle: 'Your cart',
  cartEmpty: 'Your cart is empty.',
  cartItems: (count: number) => (enPlural.select(count) === 'one' ? '1 item' : `${count} items`),
  quantity: 'Quantity',
  quantityOf: (name: string) => `Quantity of ${name}`,
  decreaseQuantity: (name: string) => `Decrease quantity of ${name}`,
  increaseQuantity: (name: string) => `Increase quantity of ${name}`,
  remove: 'Remove',
  removeItem: (name: string) => `Remove ${name} from cart`,
  subtotal: 'Subtotal',
  eachPrice: (price: string) => `${price} each`,
  itemRemoved: (name: string) => `${name} removed from cart.`,
  quantityChanged: (name: string, quantity: number) => `Quantity of ${name} is now ${quantity}.`,
};

export type Translation = { [K in keyof typeof en]: (typeof en)[K] };
export default en;
