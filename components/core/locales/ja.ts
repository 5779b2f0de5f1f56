import type { Translation } from './en';

const translation: Translation = {
  cartTitle: 'カート',
  cartEmpty: 'カートは空です。',
  cartItems: (count) => `${count} 点`,
  quantity: '数量',
  quantityOf: (name) => `${name} の数量`,
  decreaseQuantity: (name) => `${name} の数量を減らす`,
  increaseQuantity: (name) => `${name} の数量を増やす`,
  remove: '削除',
  removeItem: (name) => `${name} をカートから削除`,
  subtotal: '小計',
  eachPrice: (price) => `1 点 ${price}`,
  itemRemoved: (name) => `${name} をカートから削除しました。`,
  quantityChanged: (name, quantity) => `${name} の数量は ${quantity} になりました。`,
};

export default translation;
