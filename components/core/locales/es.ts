import type { Translation } from './en';

const translation: Translation = {
  cartTitle: 'Tu carrito',
  cartEmpty: 'Tu carrito está vacío.',
  cartItems: (count) => (count === 1 ? '1 artículo' : `${count} artículos`),
  quantity: 'Cantidad',
  quantityOf: (name) => `Cantidad de ${name}`,
  decreaseQuantity: (name) => `Reducir la cantidad de ${name}`,
  increaseQuantity: (name) => `Aumentar la cantidad de ${name}`,
  remove: 'Eliminar',
  removeItem: (name) => `Eliminar ${name} del carrito`,
  subtotal: 'Subtotal',
  eachPrice: (price) => `${price} c/u`,
  itemRemoved: (name) => `${name} se eliminó del carrito.`,
  quantityChanged: (name, quantity) => `La cantidad de ${name} ahora es ${quantity}.`,
};

export default translation;
