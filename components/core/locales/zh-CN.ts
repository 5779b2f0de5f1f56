import type { Translation } from './en';

const translation: Translation = {
  cartTitle: '您的购物车',
  cartEmpty: '购物车是空的。',
  cartItems: (count) => `${count} 件商品`,
  quantity: '数量',
  quantityOf: (name) => `${name} 的数量`,
  decreaseQuantity: (name) => `减少 ${name} 的数量`,
  increaseQuantity: (name) => `增加 ${name} 的数量`,
  remove: '移除',
  removeItem: (name) => `从购物车移除 ${name}`,
  subtotal: '小计',
  eachPrice: (price) => `每件 ${price}`,
  itemRemoved: (name) => `已从购物车移除 ${name}。`,
  quantityChanged: (name, quantity) => `${name} 的数量现在是 ${quantity}。`,
};

export default translation;
