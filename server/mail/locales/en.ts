/**
 * The mail strings (server/mail/messages.ts), one module per locale of the kit (24, like
 * components/core/locales/: the proxy does not import the kit). Interpolated values arrive raw;
 * the renderer escapes the whole sentence for HTML.
 */
export const en = {
  greeting: (name: string) => `Hello ${name},`,
  footer: (merchant: string) => `This message about your order was sent by ${merchant}. Reply to it if you have a question.`,
  orderNumber: 'Order number',
  paymentReference: 'Payment reference',
  orderSummary: 'Order summary',
  item: 'Item',
  amount: 'Amount',
  quantity: (count: number) => `Quantity: ${count}`,
  subtotal: 'Subtotal',
  discount: (code: string) => (code ? `Discount (${code})` : 'Discount'),
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',
  orderPaidSubject: (merchant: string, order: string) => `${merchant}: your order ${order} is confirmed`,
  orderPaidHeading: 'Thank you for your order',
  orderPaidText: 'We have received your payment. Here is what you ordered.',
  paymentFailedSubject: (merchant: string) => `${merchant}: your payment did not go through`,
  paymentFailedHeading: 'Your payment did not go through',
  paymentFailedText: (amount: string) => `Your payment of ${amount} was declined, so nothing was charged. Your cart is still saved: you can try again with another card or payment method.`,
  returnToCart: 'Return to your cart',
  refundSubject: (merchant: string, order: string) => `${merchant}: a refund for your order ${order}`,
  refundHeading: 'We are refunding you',
  refundText: (amount: string) => `We have refunded ${amount} to the card you paid with. It can take a few business days to appear on your statement.`,
  refundForSeats: (seats: string) => `This refund is for seats your order could not keep (${seats}): your hold on them expired before the payment, and another buyer took them.`,
  refundForOrder: 'This refund is for your order.',
  voidedSubject: (merchant: string, order: string) => `${merchant}: your order ${order} was cancelled`,
  voidedHeading: 'Your order was cancelled',
  voidedPresaleText: (event: string) => `${event} is in presale for eligible cards only, so your payment was cancelled and nothing was charged. Your seats have been released.`,
  voidedText: 'The payment was cancelled and nothing was charged.',
  insuranceSubject: (merchant: string) => `${merchant}: your insurance cover is confirmed`,
  insuranceHeading: 'Your cover is confirmed',
  insuranceText: (plan: string) => `We have received your payment for ${plan}, and your cover is confirmed.`,
  premium: 'Premium',
};

export type MailStrings = typeof en;
export default en;
