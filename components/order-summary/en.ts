/**
 * `<ck-order-summary>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const orderSummaryEn = {
  orderSummary: 'Order summary',
  quoteError: 'The order could not be priced.',
  fxNote: (date: string) => `Converted at the exchange rate of ${date}.`,
  toPay: 'To pay',
};

export default orderSummaryEn;
