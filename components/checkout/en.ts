/**
 * `<ck-checkout>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const checkoutEn = {
  editNamed: (section: string) => `Edit ${section}`,

  checkoutProgress: 'Checkout progress',
  stepContact: 'Contact',
  stepBilling: 'Billing address',
  stepReview: 'Review',
  stepPay: 'Payment',
  stepConfirmation: 'Order confirmed',
  stepAnnouncement: (title: string) => `Step: ${title}`,
  guestHint: "You're checking out as a guest. We'll send the receipt to this email.",
  phoneOptional: 'Phone (optional)',
  addressLine2: 'Apartment, suite, floor (optional)',
  billingSame: 'Same as the shipping address',
  deliveryDays: (min: number, max: number) => (min === max ? `${min} business days` : `${min}–${max} business days`),
  identifyTitle: 'How would you like to check out?',
  identifyGuest: 'Continue as a guest',
  identifyCreate: 'Create an account',
  identifyCreateHint: (min: number) => `An account keeps your addresses and your orders. Choose a password of at least ${min} characters.`,
  newPassword: 'Choose a password',
  passwordTooShort: (min: number) => `Use at least ${min} characters.`,
  accountCreated: (name: string) => `Welcome, ${name}. Your account is ready.`,
  signupEmailTaken: 'An account with this email already exists. Log in instead, or use another email.',
  signupPasswordCommon: 'This password is too common or easy to guess. Choose a longer phrase of your own.',
  signupPasswordPersonal: 'The password must not contain your email address or your name.',
  signupRateLimited: 'Too many accounts were created from this network. Please try again later.',
  savedAddresses: 'Saved addresses',
  newAddress: 'A new address',
  saveAddress: 'Save this address to my account',
};

export default checkoutEn;
