import { enPlural } from '../core/locales/en';

/**
 * `<ck-payment-result>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const paymentResultEn = {
  resultChecking: 'Checking your payment…',
  resultSucceeded: 'Thank you! Your payment was successful',
  seatsLost: (count: number) =>
    enPlural.select(count) === 'one'
      ? 'One of your seats was taken by another buyer before your payment completed.'
      : `${count} of your seats were taken by another buyer before your payment completed.`,
  seatsRefunding: (amount: string) => `${amount} is being refunded to your card.`,
  seatsRefundFailed: (amount: string) => `We could not refund ${amount} automatically; the shop will refund it and contact you.`,
  resultFailed: 'Your payment was not completed',
  resultFailedText: 'The payment was declined or failed. Your cart is still saved, so you can try again.',
  resultPending: 'Your payment is being processed',
  resultPendingText: 'This usually takes a few seconds; this page updates by itself.',
  resultCancelled: 'Payment cancelled',
  resultCancelledText: 'You cancelled the payment. Nothing was charged and your cart is still saved.',
  resultVoided: 'This card is not eligible for the presale',
  resultVoidedGeneralSale: (date: string) => `You can try again with an eligible card, or buy tickets in the general sale from ${date}.`,
  resultMissing: 'No payment to show',
  resultMissingText: "We couldn't find a payment to check. If you just paid, look for the confirmation email.",
  resultUnverified: "We couldn't verify this payment",
  card: 'Card',
  giftCardEnding: (last4: string) => `Gift card ending ${last4}`,
  downloadReceipt: 'Download receipt (PDF)',
  receiptDownloadFailed: 'The receipt could not be downloaded. Please try again.',
};

export default paymentResultEn;
