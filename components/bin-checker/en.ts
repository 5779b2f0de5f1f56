/**
 * `<ck-bin-checker>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const binCheckerEn = {
  binLabel: 'First 6 to 8 digits of your card',
  binHint: 'Only the start of the card number is needed to check presale eligibility. Never enter the full number here.',
  binChecking: 'Checking your card…',
  binEligible: 'Your card is eligible for the presale.',
  binNoPresale: 'Card recognised.',
  binUnknown: 'This card number was not recognised. Check the digits or try another card.',
  binScheme: 'Scheme',
  binCardType: 'Card type',
  /** A card type as Checkout.com names it (credit, debit, prepaid, charge, deferred debit); unknown ones as given. */
  cardTypeName: (type: string) =>
    ({ credit: 'Credit', debit: 'Debit', prepaid: 'Prepaid', charge: 'Charge', 'deferred debit': 'Deferred debit' } as Record<string, string>)[type.toLowerCase()] ?? type,
  binIssuer: 'Issuer',
  binCountry: 'Country',
  binTryAnother: 'Try another card',
  binGoOnSale: 'Go to the general sale',
  binTooLong: 'Enter only the first 8 digits.',
  binRules: 'Presale rules',
  binRuleSchemes: (list: string) => `Card scheme: ${list}`,
  binRuleCardTypes: (list: string) => `Card type: ${list}`,
  binRuleIssuers: (list: string) => `Issuer: ${list}`,
  binRuleCountries: (list: string) => `Issued in: ${list}`,
};

export default binCheckerEn;
