export const enPlural = new Intl.PluralRules('en');

/**
 * English strings of the kit's shared core: the ones two or more elements show (errors, totals,
 * addresses …) and the currency picker's. Each element's own English lives beside it
 * (components/<element>/en.ts) and loads with it; `Translation` is all of them, the shape every
 * other locale file fills in whole.
 */
export const en = {
  cartEmpty: 'Your cart is empty.',
  quantity: 'Quantity',
  remove: 'Remove',
  subtotal: 'Subtotal',

  // Shared
  loading: 'Loading…',
  retry: 'Try again',
  back: 'Back',
  continue: 'Continue',
  edit: 'Edit',
  free: 'Free',
  errorNetwork: "We couldn't reach the shop. Check your connection and try again.",
  errorTimeout: 'The shop took too long to answer. Please try again.',
  errorRateLimited: (seconds: number) =>
    seconds > 0 ? `Too many attempts. Please wait ${seconds} seconds and try again.` : 'Too many attempts. Please wait a moment and try again.',
  errorConflict: 'Your order changed in the meantime. Please review it and try again.',
  errorInvalid: 'Some details need your attention.',
  errorUnavailable: 'The payment service is unavailable right now. Please try again in a moment.',
  errorGeneric: 'Something went wrong. Please try again.',

  // Products and currency
  products: 'Products',
  currency: 'Currency',
  couponInvalid: "This code isn't valid for your cart.",
  discountWithCode: (code: string) => (code ? `Discount (${code})` : 'Discount'),
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',

  // Pay button
  pay: 'Pay now',
  email: 'Email',
  fullName: 'Full name',
  resultSucceededText: "We've received your order. A confirmation is on its way to your email.",
  resultVoidedText: (event: string) => `${event} is in presale for eligible cards only, so your payment was cancelled and nothing was charged. Your seats have been released.`,
  amount: 'Amount',
  orderNumber: 'Order number',
  paymentReference: 'Payment reference',
  paymentStatus: 'Status',
  stepShipping: 'Shipping address',
  stepDelivery: 'Delivery',
  stepCompleted: '(completed)',
  addressLine1: 'Address',
  city: 'City',
  region: 'State, province or district (optional)',
  postalCode: 'Postal code (optional)',
  country: 'Country or region',
  chooseCountry: 'Choose…',
  noDelivery: "We don't deliver to this country or region yet.",
  fixErrors: (count: number) => (enPlural.select(count) === 'one' ? 'Please correct 1 field.' : `Please correct ${count} fields.`),
  fieldRequired: 'This field is required.',
  fieldTooLong: (max: number) => `Use at most ${max} characters.`,
  emailInvalid: 'Enter an email address like name@example.com.',
  phoneInvalid: 'Enter a phone number of 6 to 20 digits, optionally starting with +.',
  countryInvalid: 'Choose a country or region.',
  seatRetry: 'Try again',
  binNotEligible: 'Card not eligible for presale',
  binNotEligibleHelp: 'Try another card, or buy tickets in the general sale.',
  username: 'Username',
  password: 'Password',
  logIn: 'Log in',
  logOut: 'Log out',
  loggedInAs: (name: string) => `Logged in as ${name}`,
  loginSucceeded: (name: string) => `Welcome, ${name}. You are logged in.`,
  loggedOut: 'You have logged out.',
  errorTooManyPaymentAttempts: (minutes: number) => `Too many payment attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  stockOnlyLeft: (count: number) => `Only ${count} left`,
  stockSoldOut: 'Sold out',
  errorOutOfStock: 'Part of your cart has sold out or has fewer left than you chose: lower the quantity or remove it, then pay again.',
  couponExpired: 'This code has expired.',
  couponNotStarted: "This code isn't valid yet.",
  couponCurrency: "This code isn't valid in the currency you chose.",
  couponMinSubtotal: 'Your cart is below the minimum amount for this code.',
  couponNotApplicable: "This code doesn't apply to the items in your cart.",
  couponUsedUp: 'This code has been used up.',
  couponCustomerLimit: "You've already used this code as many times as it allows.",
  couponFirstOrderOnly: 'This code is for your first order only.',
  eventNotOnSale: 'This event is not on sale yet: seats can be chosen once its sale opens.',
  giftCardCode: 'Gift card code',
  giftCardNotFound: 'This code doesn\'t match a gift card. Check it and try again.',
  giftCardExpired: (date: string) => `This gift card expired on ${date}.`,
  giftCardWrongCurrency: (currency: string) => `This gift card is in ${currency}. Pay in ${currency} to use it.`,
  giftCardEmpty: 'This gift card has nothing left to spend.',
  giftCardMasked: (last4: string) => `Gift card ••••${last4}`,
};

/** Every string of the kit: the core's and each element's own. */
type All = typeof en
  & typeof import('../../cart/en').default
  & typeof import('../../checkout/en').default
  & typeof import('../../product-list/en').default
  & typeof import('../../order-summary/en').default
  & typeof import('../../pay-button/en').default
  & typeof import('../../payment-result/en').default
  & typeof import('../../seat-map/en').default
  & typeof import('../../bin-checker/en').default
  & typeof import('../../login/en').default
  & typeof import('../../gift-card-builder/en').default
  & typeof import('../../insurance-form/en').default
  & typeof import('../../order-history/en').default
  & typeof import('../../gift-card-balance/en').default;
export type Translation = { [K in keyof All]: All[K] };

/** The keys of the shared core's strings: what any element may show. */
export type CoreKey = keyof typeof en;
export default en;
