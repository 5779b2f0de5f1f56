/**
 * `<ck-gift-card-builder>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const giftCardBuilderEn = {
  giftCardTitle: 'Send a gift card',
  giftCardCatalogError: 'The gift cards could not be loaded.',
  giftCardNotSold: (currency: string) => `Gift cards are not sold in ${currency}. Choose another currency.`,
  giftCardDesign: 'Design',
  giftCardAmount: 'Amount',
  giftCardCustomAmount: 'Other amount',
  giftCardCustomAmountIn: (currency: string) => `Amount in ${currency}`,
  giftCardAmountRange: (min: string, max: string) => `Any amount from ${min} to ${max}.`,
  giftCardAmountRequired: 'Enter an amount.',
  giftCardAmountOutOfRange: (min: string, max: string) => `Enter an amount from ${min} to ${max}.`,
  giftCardSendTo: 'Who is it for?',
  giftCardToRecipient: 'Someone else',
  giftCardToSelf: 'Me',
  giftCardRecipientName: "Recipient's name",
  giftCardRecipientEmail: "Recipient's email",
  giftCardFromYou: 'From you',
  giftCardYourName: 'Your name',
  giftCardYourEmail: 'Your email (for the receipt)',
  giftCardMessage: 'Message (optional)',
  giftCardCharactersLeft: (left: number, max: number) => `${left} of ${max} characters left`,
  giftCardDeliveryDate: 'Delivery date (optional)',
  giftCardDeliveryHint: 'Leave empty to send it right after payment.',
  giftCardDatePast: 'Choose today or a later date.',
  giftCardQuantityRange: (max: number) => `Choose from 1 to ${max} cards.`,
  giftCardPreview: 'Preview',
  giftCardTo: (name: string) => `To ${name}`,
  giftCardFrom: (name: string) => `From ${name}`,
  giftCardDeliversOn: (date: string) => `Delivered on ${date}`,
  giftCardExpress: 'Express checkout',
  giftCardChange: 'Change the gift card',
};

export default giftCardBuilderEn;
