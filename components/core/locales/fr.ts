import type { Translation } from './en';

const translation: Translation = {
  cartTitle: 'Votre panier',
  cartEmpty: 'Votre panier est vide.',
  cartItems: (count) => (new Intl.PluralRules('fr').select(count) === 'one' ? `${count} article` : `${count} articles`),
  quantity: 'Quantité',
  quantityOf: (name) => `Quantité de ${name}`,
  decreaseQuantity: (name) => `Diminuer la quantité de ${name}`,
  increaseQuantity: (name) => `Augmenter la quantité de ${name}`,
  remove: 'Retirer',
  removeItem: (name) => `Retirer ${name} du panier`,
  subtotal: 'Sous-total',
  eachPrice: (price) => `${price} l’unité`,
  itemRemoved: (name) => `${name} a été retiré du panier.`,
  quantityChanged: (name, quantity) => `La quantité de ${name} est maintenant de ${quantity}.`,
};

export default translation;
