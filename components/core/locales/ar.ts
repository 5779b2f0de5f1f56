import type { Translation } from './en';

const translation: Translation = {
  cartTitle: 'سلة التسوق',
  cartEmpty: 'سلة التسوق فارغة.',
  cartItems: (count) => {
    const rule = new Intl.PluralRules('ar').select(count);
    if (rule === 'zero') return 'لا توجد منتجات';
    if (rule === 'one') return 'منتج واحد';
    if (rule === 'two') return 'منتجان';
    if (rule === 'few') return `${count} منتجات`;
    return `${count} منتج`;
  },
  quantity: 'الكمية',
  quantityOf: (name) => `كمية ${name}`,
  decreaseQuantity: (name) => `إنقاص كمية ${name}`,
  increaseQuantity: (name) => `زيادة كمية ${name}`,
  remove: 'إزالة',
  removeItem: (name) => `إزالة ${name} من السلة`,
  subtotal: 'المجموع الفرعي',
  eachPrice: (price) => `${price} للقطعة`,
  itemRemoved: (name) => `تمت إزالة ${name} من السلة.`,
  quantityChanged: (name, quantity) => `كمية ${name} الآن ${quantity}.`,
};

export default translation;
