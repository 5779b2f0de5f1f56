/**
 * `<ck-insurance-form>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const insuranceFormEn = {
  insuranceTitle: 'Insurance application',
  insuranceLoginRequired: 'Please log in to apply. Your application is saved to your account.',
  insurancePlansError: 'The insurance plans could not be loaded.',
  insuranceProgress: 'Application progress',
  insuranceStepPlan: 'Plan',
  insuranceStepDetails: 'Your details',
  insuranceStepCoverage: 'Coverage',
  insuranceStepQuote: 'Quote and payment',
  insuranceStepOf: (n: number, total: number, title: string) => `Step ${n} of ${total}: ${title}`,
  insuranceChoosePlan: 'Choose a plan.',
  insuranceFromPerMonth: (amount: string) => `From ${amount} a month`,
  insuranceDob: 'Date of birth',
  insuranceAgeRange: (min: number, max: number) => `Applicants must be ${min} to ${max} years old.`,
  insurancePhone: 'Phone',
  insuranceOptions: (plan: string) => `Optional cover for ${plan}`,
  insuranceNoOptions: 'This plan has no optional cover.',
  insurancePlusPerMonth: (amount: string) => `+${amount} a month`,
  insuranceFrequency: 'How would you like to pay?',
  insuranceAnnual: 'Yearly (one month free)',
  insuranceMonthly: 'Monthly',
  insuranceGetQuote: 'Get my quote',
  insuranceQuoting: 'Calculating your quote…',
  insuranceQuoteReady: (amount: string) => `Your quote is ready: ${amount}.`,
  insuranceAgeLoading: (age: number) => `Age loading (age ${age})`,
  insuranceAnnualDiscount: 'One month free for paying yearly',
  insuranceTotalAnnual: 'Total for 12 months',
  insuranceTotalMonthly: 'Total for the first month',
  insuranceQuoteValid: (time: string) => `This quote is valid until ${time}.`,
  insuranceQuoteExpired: 'This quote has expired. Ask for a new one to continue.',
  insuranceNewQuote: 'Get a new quote',
  insurancePayWith: 'Pay with',
  insurancePayFlow: 'Card form on this page',
  insurancePayHpp: 'Secure payment page',
};

export default insuranceFormEn;
