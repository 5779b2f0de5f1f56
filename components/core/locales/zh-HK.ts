import type { Translation } from './en';

const translation: Translation = {
  cartTitle: '你的購物車',
  cartEmpty: '購物車是空的。',
  cartItems: (count) => `${count} 件商品`,
  quantity: '數量',
  quantityOf: (name) => `${name} 的數量`,
  decreaseQuantity: (name) => `減少 ${name} 的數量`,
  increaseQuantity: (name) => `增加 ${name} 的數量`,
  remove: '移除',
  removeItem: (name) => `從購物車移除 ${name}`,
  subtotal: '小計',
  eachPrice: (price) => `每件 ${price}`,
  itemRemoved: (name) => `已從購物車移除 ${name}。`,
  quantityChanged: (name, quantity) => `${name} 的數量現在是 ${quantity}。`,
};

export default translation;
