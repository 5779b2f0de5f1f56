/**
 * `<ck-pay-button>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const payButtonEn = {
  contactDetails: 'Contact details',
  preparingPayment: 'Preparing a secure payment…',
  redirecting: 'Taking you to the secure payment page…',
  enterCardDetails: 'Enter your card details below.',
  verifyingPayment: 'Verifying your payment…',
  verifyFailed: "We couldn't confirm your payment yet. Don't pay again: check its status in a moment.",
  checkPaymentStatus: 'Check payment status',
  paymentSucceeded: 'Payment successful.',
  paymentPending: 'Your payment is being processed.',
  paymentFailed: 'The payment could not be completed.',
  paymentDeclined: 'Your card was declined. Try another card or payment method.',
  cartKept: 'Your cart has been kept.',
  threeDsRequired: '3DS verification required: your bank will ask you to confirm this payment.',
  giftCardOptional: 'Gift card code (optional)',
};

export default payButtonEn;
