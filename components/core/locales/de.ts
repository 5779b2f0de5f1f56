import type { Translation } from './en';

const translation: Translation = {
  cartTitle: 'Ihr Warenkorb',
  cartEmpty: 'Ihr Warenkorb ist leer.',
  cartItems: (count) => (count === 1 ? '1 Artikel' : `${count} Artikel`),
  quantity: 'Menge',
  quantityOf: (name) => `Menge von ${name}`,
  decreaseQuantity: (name) => `Menge von ${name} verringern`,
  increaseQuantity: (name) => `Menge von ${name} erhöhen`,
  remove: 'Entfernen',
  removeItem: (name) => `${name} aus dem Warenkorb entfernen`,
  subtotal: 'Zwischensumme',
  eachPrice: (price) => `${price} pro Stück`,
  itemRemoved: (name) => `${name} wurde aus dem Warenkorb entfernt.`,
  quantityChanged: (name, quantity) => `Menge von ${name} ist jetzt ${quantity}.`,
};

export default translation;
