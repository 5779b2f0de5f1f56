/**
 * Insurance premiums, underwritten on the server only: the plan's base premium plus the
 * options chosen, loaded by the applicant's age band, per month or per year (a year costs
 * eleven months). Amounts are converted from the plan's currency with the same FX rules as
 * catalog prices and rounded in the quote currency's minor units.
 */
import { convertMinor } from '../../contract/money';
import { ageOn, INSURANCE_AGE } from '../../contract/insurance';
import type { Catalog } from '../catalog';
import { HttpError, type FieldError } from '../errors';
import { pricingRates, type FxTable } from '../catalog/fx';
import type { InsuranceQuoteRequest, InsuranceQuoteResponse, Money } from '../../contract/api';

const { min: MIN_AGE, max: MAX_AGE } = INSURANCE_AGE;

/** Loading on the monthly premium by age band (inclusive lower bound). */
export const AGE_BANDS: ReadonlyArray<{ from: number; percent: number }> = [
  { from: 60, percent: 80 },
  { from: 45, percent: 40 },
  { from: 30, percent: 15 },
  { from: MIN_AGE, percent: 0 },
];

export type QuoteLine = InsuranceQuoteResponse['lines'][number];

export interface PricedQuote {
  planId: string;
  planName: string;
  currency: string;
  paymentFrequency: 'monthly' | 'annual';
  coverageOptions: string[];
  lines: QuoteLine[];
  amount: number;
  age: number;
}

export function ageLoadingPercent(age: number): number {
  return AGE_BANDS.find((band) => age >= band.from)?.percent ?? 0;
}

type ParsedRequest = Required<Pick<InsuranceQuoteRequest, 'planId' | 'currency'>> & {
  coverageOptions: string[];
  paymentFrequency: 'monthly' | 'annual';
  applicant: { dateOfBirth: string };
};

export function priceInsurance(request: ParsedRequest, ctx: { catalog: Catalog; fx: FxTable; now: Date }): PricedQuote {
  const { catalog, now } = ctx;
  const currency = request.currency;
  const fields: FieldError[] = [];
  const plan = catalog.data.insurancePlans.find((p) => p.id === request.planId);
  if (!plan) fields.push({ path: 'planId', message: `"${request.planId}" is not an insurance plan of this shop` });
  if (!catalog.data.currencies.includes(currency)) fields.push({ path: 'currency', message: `must be one of ${catalog.data.currencies.join(', ')}` });

  const dob = Date.parse(`${request.applicant.dateOfBirth}T00:00:00Z`);
  const age = ageOn(request.applicant.dateOfBirth, now);
  if (Number.isNaN(dob) || dob > now.getTime()) {
    fields.push({ path: 'applicant.dateOfBirth', message: 'must be a date in the past' });
  } else if (age < MIN_AGE || age > MAX_AGE) {
    fields.push({ path: 'applicant.dateOfBirth', message: `applicants must be ${MIN_AGE} to ${MAX_AGE} years old` });
  }

  const chosen = [...new Set(request.coverageOptions)];
  chosen.forEach((id, index) => {
    if (plan && !plan.coverageOptions.some((o) => o.id === id)) {
      fields.push({ path: `coverageOptions.${index}`, message: `"${id}" is not an option of ${plan.name}` });
    }
  });
  if (fields.length || !plan) throw new HttpError(400, 'invalid_quote_request', 'Some details of the application need attention.', fields);

  const rates = pricingRates(ctx.fx, catalog.baseCurrency, currency, catalog.data.fx.markupPercent);
  const convert = (money: Money): number => {
    if (money.currency === currency) return money.amount;
    if (money.currency === catalog.baseCurrency) return convertMinor(money.amount, money.currency, currency, rates);
    return convertMinor(money.amount, money.currency, currency, ctx.fx);
  };

  const months = request.paymentFrequency === 'annual' ? 12 : 1;
  const lines: QuoteLine[] = [{ kind: 'base', id: plan.id, label: plan.name, amount: convert(plan.basePremium) * months }];
  for (const option of plan.coverageOptions) {
    if (chosen.includes(option.id)) lines.push({ kind: 'option', id: option.id, label: option.name, amount: convert(option.premium) * months });
  }
  const monthly = lines.reduce((sum, line) => sum + line.amount, 0) / months;
  const loading = Math.round((monthly * ageLoadingPercent(age)) / 100);
  if (loading) lines.push({ kind: 'age', id: `age-${age}`, label: `Age loading (${ageLoadingPercent(age)}%)`, amount: loading * months });
  if (months === 12) lines.push({ kind: 'discount', id: 'annual', label: 'One month free for paying yearly', amount: -(monthly + loading) });
  const amount = lines.reduce((sum, line) => sum + line.amount, 0);

  return { planId: plan.id, planName: plan.name, currency, paymentFrequency: request.paymentFrequency, coverageOptions: chosen, lines, amount, age };
}
