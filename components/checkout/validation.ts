/**
 * The checkout's field rules: the same values the proxy's order schema is built from
 * (contract/fields.ts), so the browser and the server agree on what is valid.
 * Messages are localization keys; the element turns them into text.
 */
import { COUNTRY_PATTERN, EMAIL_PATTERN, FIELD_MAX, isKnownCountry, PHONE_PATTERN } from '../../contract/fields';
import type { Translation } from '../core/localize';

export type FieldName = 'email' | 'name' | 'phone' | 'line1' | 'line2' | 'city' | 'state' | 'zip' | 'country';

type MessageKey = keyof Pick<Translation, 'fieldRequired' | 'fieldTooLong' | 'emailInvalid' | 'phoneInvalid' | 'countryInvalid'>;
export type FieldProblem = { key: MessageKey; max?: number };

interface Rule {
  required?: boolean;
  max: number;
  pattern?: RegExp;
  patternKey?: MessageKey;
}

export const RULES: Record<FieldName, Rule> = {
  email: { required: true, max: FIELD_MAX.email, pattern: EMAIL_PATTERN, patternKey: 'emailInvalid' },
  name: { required: true, max: FIELD_MAX.name },
  phone: { max: FIELD_MAX.phone, pattern: PHONE_PATTERN, patternKey: 'phoneInvalid' },
  line1: { required: true, max: FIELD_MAX.line1 },
  line2: { max: FIELD_MAX.line2 },
  city: { required: true, max: FIELD_MAX.city },
  state: { max: FIELD_MAX.state },
  zip: { max: FIELD_MAX.zip },
  country: { required: true, max: 2, pattern: COUNTRY_PATTERN, patternKey: 'countryInvalid' },
};

/** The first problem with a field's value, or undefined when the server will accept it. */
export function checkField(field: FieldName, raw: string | undefined): FieldProblem | undefined {
  const rule = RULES[field];
  const value = (raw ?? '').trim();
  if (!value) return rule.required ? { key: field === 'country' ? 'countryInvalid' : 'fieldRequired' } : undefined;
  if (value.length > rule.max) return { key: 'fieldTooLong', max: rule.max };
  if (rule.pattern && !rule.pattern.test(value)) return { key: rule.patternKey! };
  if (field === 'country' && !isKnownCountry(value)) return { key: 'countryInvalid' };
  return undefined;
}

export const CONTACT_FIELDS: FieldName[] = ['email', 'name', 'phone'];
export const ADDRESS_FIELDS: FieldName[] = ['line1', 'line2', 'city', 'state', 'zip', 'country'];

/** Problems of a group of fields, by field. */
export function checkFields(fields: FieldName[], values: Record<string, string | undefined> = {}): Map<FieldName, FieldProblem> {
  const problems = new Map<FieldName, FieldProblem>();
  for (const field of fields) {
    const problem = checkField(field, values[field]);
    if (problem) problems.set(field, problem);
  }
  return problems;
}

/** Where a server field path (`customer.email`, `shippingAddress.zip`) lives in the checkout. */
export function locateServerField(path: string): { group: 'customer' | 'shippingAddress' | 'billingAddress' | 'shippingMethod' | 'other'; field?: FieldName } {
  const [head, tail] = path.split('.');
  if (head === 'customer' || head === 'shippingAddress' || head === 'billingAddress') {
    return { group: head, field: tail && tail in RULES ? (tail as FieldName) : undefined };
  }
  if (head === 'shippingMethod') return { group: 'shippingMethod' };
  return { group: 'other' };
}
