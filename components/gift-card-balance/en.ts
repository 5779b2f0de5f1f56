/**
 * `<ck-gift-card-balance>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const giftCardBalanceEn = {
  giftCardBalanceTitle: 'Gift card balance',
  giftCardCodeHint: 'The 16 letters and digits on the card or in its email, like 7KQ4-M2XD-9HVT-P3CA.',
  checkBalance: 'Check balance',
  giftCardCodeRequired: 'Enter a gift card code.',
  giftCardCodeInvalid: 'A gift card code has 16 letters and digits.',
  giftCardBalance: (amount: string, last4: string) => `The gift card ending ${last4} has ${amount} to spend.`,
  giftCardValidUntil: (date: string) => `Valid until ${date}.`,
  checkingBalance: 'Checking the balance…',
};

export default giftCardBalanceEn;
