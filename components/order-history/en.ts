/**
 * `<ck-order-history>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const orderHistoryEn = {
  ordersTitle: 'Your orders',
  ordersEmpty: 'You have no orders yet.',
  ordersLoggedOut: 'Log in to see your orders.',
  ordersNotAccount: 'Order history is kept for shopper accounts. Log in with the email of your account.',
  ordersPage: (page: number, pages: number) => `Page ${page} of ${pages}`,
  ordersPages: 'Pages of orders',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  orderStatusPending: 'Processing',
  orderStatusPaid: 'Paid',
  orderStatusPartiallyRefunded: 'Partly refunded',
  orderStatusRefunded: 'Refunded',
  orderStatusVoided: 'Cancelled, not charged',
  orderLine: (quantity: number, name: string) => `${quantity} × ${name}`,
  orderDetails: 'Details',
  orderDetailsOf: (id: string) => `Details of order ${id}`,
  orderDetailTitle: (id: string) => `Order ${id}`,
  orderDate: 'Date',
  orderItems: 'Items',
  orderQuantity: 'Quantity',
  orderRefunded: 'Refunded',
  ordersBack: 'Back to your orders',
  orderNotFound: 'This order could not be found in your account.',
  /** In a paid order's detail: what the payment card paid when a gift card paid the rest. */
  paidByCard: 'Paid by card',
};

export default orderHistoryEn;
