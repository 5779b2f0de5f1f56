/**
 * The sandbox's magic values: test cards, their response codes and 3DS behaviour, and the BIN
 * table behind POST /metadata/card. Sources are in docs/checkout-api-facts.md §7; where a number comes
 * only from a third-party copy of the test-cards page it is listed as UNCONFIRMED in the README.
 */

export type Scheme =
  | 'visa'
  | 'mastercard'
  | 'american_express'
  | 'jcb'
  | 'china_union_pay'
  | 'discover'
  | 'diners_club_international';

export type CardType = 'credit' | 'debit' | 'prepaid' | 'charge';
export type CardCategory = 'consumer' | 'commercial';

/** 3DS behaviour of a test card when authentication is requested. */
export type ThreeDsProfile =
  /** Authentication completes without a challenge, with this ARes transStatus. */
  | { kind: 'frictionless'; result: 'Y' | 'N' | 'R' }
  /** The ACS challenges; with the right password the authentication ends with `result`. */
  | { kind: 'challenge'; result: 'Y' | 'A' | 'R' | 'N' }
  /** The card is not enrolled: the payment is authorised without authentication. */
  | { kind: 'not_enrolled' }
  /** The card does not support 3DS at all: declined with 20150. */
  | { kind: 'not_supported' };

export interface ResponseCode {
  code: string;
  summary: string;
  approved: boolean;
}

/** Response codes the emulator can produce (docs "API response codes" + the test-cards page). */
export const RESPONSE_CODES: Record<string, ResponseCode> = {
  '10000': { code: '10000', summary: 'Approved', approved: true },
  '20001': { code: '20001', summary: 'Refer to card issuer', approved: false },
  '20005': { code: '20005', summary: 'Declined - Do Not Honour', approved: false },
  '20012': { code: '20012', summary: 'Invalid transaction', approved: false },
  '20014': { code: '20014', summary: 'Invalid card number', approved: false },
  '20020': { code: '20020', summary: 'Please retry transaction', approved: false },
  '20051': { code: '20051', summary: 'Insufficient Funds', approved: false },
  '20054': { code: '20054', summary: 'Expired Card', approved: false },
  '20057': { code: '20057', summary: 'Transaction not permitted to cardholder', approved: false },
  '20059': { code: '20059', summary: 'Suspected fraud', approved: false },
  '20061': { code: '20061', summary: 'Activity amount limit exceeded', approved: false },
  '20062': { code: '20062', summary: 'Restricted card', approved: false },
  '20063': { code: '20063', summary: 'Security violation', approved: false },
  '20068': { code: '20068', summary: 'Response received too late / Timeout', approved: false },
  '20078': { code: '20078', summary: 'Blocked, first used', approved: false },
  '200N7': { code: '200N7', summary: 'Decline for CVV2 failure', approved: false },
  '200R3': { code: '200R3', summary: 'Issuer stop payment for all authorizations', approved: false },
  '2005C': { code: '2005C', summary: 'Not supported / blocked by issuer', approved: false },
  '2009G': { code: '2009G', summary: 'Blocked by cardholder', approved: false },
  '20150': { code: '20150', summary: 'Card not 3D Secure enabled', approved: false },
  '20151': { code: '20151', summary: 'Cardholder failed 3D Secure authentication', approved: false },
  '20154': { code: '20154', summary: '3D Secure authentication required', approved: false },
  '30015': { code: '30015', summary: 'No such issuer', approved: false },
  '30041': { code: '30041', summary: 'Lost card - Pick up', approved: false },
  '30043': { code: '30043', summary: 'Stolen card - Pick up', approved: false },
};

export function responseCode(code: string): ResponseCode {
  const found = RESPONSE_CODES[code];
  if (!found) throw new Error(`unknown response code ${code}`);
  return found;
}

export interface TestCard {
  number: string;
  /** Authorisation response once 3DS (if any) has passed. */
  response: string;
  country: string;
  cardType?: CardType;
  threeDs?: ThreeDsProfile;
  /** Free text shown in the README table and useful in test names. */
  note: string;
}

const card = (
  number: string,
  response: string,
  country: string,
  note: string,
  extra: Partial<Pick<TestCard, 'cardType' | 'threeDs'>> = {},
): TestCard => ({ number, response, country, note, ...extra });

/** Every card with a documented behaviour. Any other Luhn-valid card is approved with 10000. */
export const TEST_CARDS: readonly TestCard[] = [
  // §7.1 approve
  card('4242424242424242', '10000', 'GB', 'Visa credit, approved'),
  card('4000020000000000', '10000', 'US', 'Visa credit, approved'),
  card('4273149019799094', '10000', 'TR', 'Visa credit, approved'),
  card('4659105569051157', '10000', 'GB', 'Visa debit, approved', { cardType: 'debit' }),
  card('4000148147058142', '20020', 'GB', 'Visa prepaid, declined 20020', { cardType: 'prepaid' }),
  card('4543474002249996', '10000', 'US', 'Visa credit, approved'),
  card('5436031030606378', '10000', 'GB', 'Mastercard credit, approved'),
  card('2223000010479399', '10000', 'GB', 'Mastercard (2-series), approved'),
  card('5199992312641465', '10000', 'GB', 'Mastercard, approved'),
  card('4658584090000001', '10000', 'GB', 'Visa debit, approved', { cardType: 'debit' }),
  card('5000186622346654', '10000', 'GB', 'Mastercard debit, approved', { cardType: 'debit' }),
  card('6011111111111117', '10000', 'US', 'Discover, approved'),
  card('30123456789019', '10000', 'US', 'Diners Club, approved'),
  card('3530111333300000', '10000', 'JP', 'JCB, approved; not 3DS-enabled', { threeDs: { kind: 'not_supported' } }),
  // Cards added for BIN-based demos (issuer country / scheme eligibility); all approve.
  card('4895370000000007', '10000', 'HK', 'Visa credit, Hong Kong issuer'),
  card('5456160000000000', '10000', 'HK', 'Mastercard credit, Hong Kong issuer'),
  card('3569990000000009', '10000', 'JP', 'JCB credit, Japanese issuer'),
  card('6250941006528599', '10000', 'CN', 'UnionPay credit, Chinese issuer'),
  card('6243510000000002', '10000', 'HK', 'UnionPay debit, Hong Kong issuer', { cardType: 'debit' }),
  card('4041580000000004', '10000', 'GB', 'Visa corporate credit', {}),
  // §7.2 declines by card number
  card('4734868958733862', '200N7', 'US', 'Decline for CVV2 failure'),
  card('4567361325981788', '200R3', 'GB', 'Issuer stop payment'),
  card('4111111111111129', '20001', 'US', 'Refer to card issuer'),
  card('4024007103573027', '20012', 'US', 'Invalid transaction'),
  card('4158596042924182', '20012', 'GB', 'Invalid transaction'),
  card('4485381577182090', '20014', 'US', 'Invalid card number'),
  card('4544249167673670', '20051', 'GB', 'Insufficient funds'),
  card('4724117215951699', '20054', 'GB', 'Expired card'),
  card('4000141680788456', '20054', 'GB', 'Expired card (prepaid)', { cardType: 'prepaid' }),
  card('4659465888705671', '20057', 'GB', 'Not permitted to cardholder (AFT)'),
  card('4151512736305999', '20057', 'GB', 'Not permitted to cardholder'),
  card('4897453568485113', '20059', 'US', 'Suspected fraud'),
  card('4000144348235050', '20059', 'US', 'Suspected fraud (prepaid)', { cardType: 'prepaid' }),
  card('4556294593757189', '20061', 'UY', 'Activity amount limit exceeded'),
  card('4818924250131070', '20062', 'GB', 'Restricted card'),
  card('4556253752712245', '20063', 'US', 'Security violation'),
  card('4095254802642505', '20068', 'US', 'Timeout'),
  card('4532819413487978', '20078', 'US', 'Blocked, first use'),
  card('4500622868341387', '20154', 'CA', '3DS authentication required (approved when 3DS runs)', {
    threeDs: { kind: 'frictionless', result: 'Y' },
  }),
  card('4024007162185267', '30015', 'US', 'No such issuer'),
  card('4655710037275959', '30015', 'GB', 'No such issuer'),
  card('4941202060999329', '30041', 'GB', 'Lost card'),
  card('4658620059821613', '30041', 'GB', 'Lost card'),
  card('4539253655711767', '30043', 'IE', 'Stolen card'),
  card('4745820750643143', '30043', 'GB', 'Stolen card'),
  card('4276038578596818', '2005C', 'GB', 'Not supported / blocked by issuer'),
  card('4152812521833588', '2009G', 'GB', 'Blocked by cardholder'),
  // §7.4 3DS
  card('4485040371536584', '10000', 'GB', '3DS frictionless, authenticated', { threeDs: { kind: 'frictionless', result: 'Y' } }),
  card('5588686116426417', '10000', 'GB', '3DS frictionless, authenticated', { threeDs: { kind: 'frictionless', result: 'Y' } }),
  card('345678901234564', '10000', 'GB', 'Amex, 3DS frictionless, authenticated', { threeDs: { kind: 'frictionless', result: 'Y' } }),
  card('4539628347117863', '10000', 'GB', '3DS frictionless, not authenticated', { threeDs: { kind: 'frictionless', result: 'N' } }),
  card('371064645462927', '10000', 'GB', 'Amex, 3DS frictionless, not authenticated', { threeDs: { kind: 'frictionless', result: 'N' } }),
  card('343397288296672', '10000', 'GB', 'Amex, 3DS frictionless, rejected', { threeDs: { kind: 'frictionless', result: 'R' } }),
  card('4275765574319271', '10000', 'GB', '3DS frictionless, rejected', { threeDs: { kind: 'frictionless', result: 'R' } }),
  card('4484070000035519', '10000', 'GB', '3DS not enrolled', { threeDs: { kind: 'not_enrolled' } }),
  card('378282246310005', '10000', 'US', 'Amex, 3DS not enrolled', { threeDs: { kind: 'not_enrolled' } }),
  card('372688581899681', '10000', 'GB', 'Amex, 3DS challenge, successful', { threeDs: { kind: 'challenge', result: 'Y' } }),
  card('5385308360135181', '10000', 'GB', '3DS challenge, successful', { threeDs: { kind: 'challenge', result: 'Y' } }),
  card('4010061700000021', '10000', 'GB', '3DS challenge, successful', { threeDs: { kind: 'challenge', result: 'Y' } }),
  card('4152868552773614', '10000', 'GB', '3DS challenge, attempted', { threeDs: { kind: 'challenge', result: 'A' } }),
  card('346126139326850', '10000', 'GB', 'Amex, 3DS challenge, attempted', { threeDs: { kind: 'challenge', result: 'A' } }),
  card('375982239796002', '10000', 'GB', 'Amex, 3DS challenge, rejected', { threeDs: { kind: 'challenge', result: 'R' } }),
  card('4150561000000019', '10000', 'GB', '3DS challenge, rejected', { threeDs: { kind: 'challenge', result: 'R' } }),
  card('4243754271700719', '10000', 'GB', '3DS challenge, not authenticated', { threeDs: { kind: 'challenge', result: 'N' } }),
  card('5258901507741160', '10000', 'GB', '3DS challenge, not authenticated', { threeDs: { kind: 'challenge', result: 'N' } }),
  card('5352151570003404', '10000', 'GB', 'Not 3DS-enabled', { threeDs: { kind: 'not_supported' } }),
  card('4532432452900131', '10000', 'GB', 'Not 3DS-enabled', { threeDs: { kind: 'not_supported' } }),
];

const TEST_CARDS_BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.number, c]));

export function findTestCard(number: string): TestCard | undefined {
  return TEST_CARDS_BY_NUMBER.get(number);
}

/** The simulator's challenge password (test-cards page, and many third-party test suites). */
export const CHALLENGE_PASSWORD = 'Checkout1!';

// ---------------------------------------------------------------------------------------------
// Scheme rules (also used by the Flow card form: keep the two in sync through /flow/schemes.json)

export interface SchemeRule {
  scheme: Scheme;
  /** Display name as Checkout.com prints it on tokens and payments ("VISA", "MASTERCARD"…). */
  display: string;
  pattern: RegExp;
  lengths: number[];
  cvvLength: number;
}

export const SCHEME_RULES: readonly SchemeRule[] = [
  { scheme: 'american_express', display: 'AMEX', pattern: /^3[47]/, lengths: [15], cvvLength: 4 },
  { scheme: 'diners_club_international', display: 'DINERS', pattern: /^3(0[0-5]|[689])/, lengths: [14, 16], cvvLength: 3 },
  { scheme: 'jcb', display: 'JCB', pattern: /^35(2[89]|[3-8])/, lengths: [16, 17, 18, 19], cvvLength: 3 },
  { scheme: 'china_union_pay', display: 'CHINA UNION PAY', pattern: /^62/, lengths: [16, 17, 18, 19], cvvLength: 3 },
  { scheme: 'discover', display: 'DISCOVER', pattern: /^(6011|64[4-9]|65)/, lengths: [16, 19], cvvLength: 3 },
  { scheme: 'mastercard', display: 'MASTERCARD', pattern: /^(5[1-5]|2(2[2-9]|[3-6]|7[01]|720)|50)/, lengths: [16], cvvLength: 3 },
  { scheme: 'visa', display: 'VISA', pattern: /^4/, lengths: [13, 16, 19], cvvLength: 3 },
];

export function schemeRuleFor(digits: string): SchemeRule | undefined {
  return SCHEME_RULES.find((rule) => rule.pattern.test(digits));
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card expiry is the end of the expiry month, in UTC. */
export function isExpired(month: number, year: number, now: number): boolean {
  const endOfMonth = Date.UTC(year, month, 1); // month is 1-based, so this is the 1st of the next month
  return endOfMonth <= now;
}

export type CardProblem = 'card_number_invalid' | 'card_expiry_month_invalid' | 'card_expiry_year_invalid' | 'card_expired' | 'cvv_invalid';

/** The checks Checkout.com applies to raw card data (422 error codes). */
export function validateCard(
  input: { number: string; expiry_month: number; expiry_year: number; cvv?: string | undefined },
  now: number,
): CardProblem[] {
  const problems: CardProblem[] = [];
  const rule = schemeRuleFor(input.number);
  if (!/^\d{12,19}$/.test(input.number) || !luhnValid(input.number) || (rule && !rule.lengths.includes(input.number.length))) {
    problems.push('card_number_invalid');
  }
  const monthOk = Number.isInteger(input.expiry_month) && input.expiry_month >= 1 && input.expiry_month <= 12;
  const yearOk = Number.isInteger(input.expiry_year) && input.expiry_year >= 1000 && input.expiry_year <= 9999;
  if (!monthOk) problems.push('card_expiry_month_invalid');
  if (!yearOk) problems.push('card_expiry_year_invalid');
  if (monthOk && yearOk && isExpired(input.expiry_month, input.expiry_year, now)) problems.push('card_expired');
  if (input.cvv !== undefined) {
    const expected = rule?.cvvLength;
    const ok = /^\d+$/.test(input.cvv) && (expected ? input.cvv.length === expected : input.cvv.length === 3 || input.cvv.length === 4);
    if (!ok) problems.push('cvv_invalid');
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// BIN metadata

export interface BinRecord {
  /** 8-digit BIN prefix this record covers. */
  bin: string;
  scheme: Scheme;
  local_schemes?: string[];
  card_type: CardType;
  card_category: CardCategory;
  currency: string;
  issuer: string;
  issuer_country: string;
  issuer_country_name: string;
  product_id: string;
  product_type: string;
}

const COUNTRY_NAMES: Record<string, string> = {
  GB: 'United Kingdom',
  US: 'United States',
  TR: 'Turkey',
  HK: 'Hong Kong',
  JP: 'Japan',
  CN: 'China',
  ES: 'Spain',
  IE: 'Ireland',
  UY: 'Uruguay',
  CA: 'Canada',
  MU: 'Mauritius',
};

const COUNTRY_CURRENCIES: Record<string, string> = {
  GB: 'GBP', US: 'USD', TR: 'TRY', HK: 'HKD', JP: 'JPY', CN: 'CNY', ES: 'EUR', IE: 'EUR', UY: 'UYU', CA: 'CAD', MU: 'MUR',
};

const bin = (
  prefix: string,
  scheme: Scheme,
  card_type: CardType,
  country: string,
  issuer: string,
  product_type: string,
  extra: Partial<BinRecord> = {},
): BinRecord => ({
  bin: prefix,
  scheme,
  card_type,
  card_category: 'consumer',
  currency: COUNTRY_CURRENCIES[country] ?? 'USD',
  issuer,
  issuer_country: country,
  issuer_country_name: COUNTRY_NAMES[country] ?? country,
  product_id: productIdFor(scheme, card_type),
  product_type,
  ...extra,
});

function productIdFor(scheme: Scheme, type: CardType): string {
  if (scheme === 'visa') return type === 'debit' ? 'F' : 'A';
  if (scheme === 'mastercard') return type === 'debit' ? 'MDS' : 'MWE';
  return 'C';
}

/**
 * Issuers are fictitious on purpose: the emulator must never suggest that a real bank issued a
 * test card. They are distinct per country and scheme so demos can gate on them (a presale for
 * one issuer's cardholders, a promotion for HK cards, "debit cards only", and so on).
 */
export const BIN_TABLE: readonly BinRecord[] = [
  bin('42424242', 'visa', 'credit', 'GB', 'SANDBOX BANK UK', 'Visa Classic'),
  bin('40000200', 'visa', 'credit', 'US', 'SANDBOX BANK USA', 'Visa Traditional'),
  bin('42731490', 'visa', 'credit', 'TR', 'SANDBOX BANKASI', 'Visa Classic'),
  bin('46591055', 'visa', 'debit', 'GB', 'SANDBOX BANK UK', 'Visa Debit'),
  bin('40001481', 'visa', 'prepaid', 'GB', 'SANDBOX PREPAID LTD', 'Visa Prepaid'),
  bin('45434740', 'visa', 'credit', 'US', 'GOTHAM STATE BANK', 'Visa Classic'),
  bin('45434720', 'visa', 'credit', 'MU', 'SANDBOX BANK OF MAURITIUS', 'Visa Classic'),
  bin('45394679', 'visa', 'credit', 'ES', 'SANDBOX BANCO', 'CLASSIC'),
  bin('47416530', 'visa', 'debit', 'GB', 'SANDBOX BANK UK', 'Visa Debit', { local_schemes: ['maestro'] }),
  bin('40415800', 'visa', 'credit', 'GB', 'SANDBOX BUSINESS BANK', 'Visa Corporate', { card_category: 'commercial' }),
  bin('48953700', 'visa', 'credit', 'HK', 'VICTORIA HARBOUR SANDBOX BANK', 'Visa Signature'),
  bin('54560000', 'mastercard', 'credit', 'HK', 'VICTORIA HARBOUR SANDBOX BANK', 'World Mastercard'),
  bin('54561600', 'mastercard', 'credit', 'HK', 'VICTORIA HARBOUR SANDBOX BANK', 'World Mastercard'),
  bin('54360310', 'mastercard', 'credit', 'GB', 'SANDBOX BANK UK', 'World Mastercard'),
  bin('22230000', 'mastercard', 'credit', 'GB', 'SANDBOX BANK UK', 'Mastercard Standard'),
  bin('51999923', 'mastercard', 'credit', 'GB', 'SANDBOX CARDS PLC', 'Mastercard Standard'),
  bin('50001866', 'mastercard', 'debit', 'GB', 'SANDBOX BANK UK', 'Debit Mastercard'),
  bin('34567890', 'american_express', 'charge', 'GB', 'AMERICAN EXPRESS SANDBOX', 'Amex Green'),
  bin('37828224', 'american_express', 'credit', 'US', 'AMERICAN EXPRESS SANDBOX', 'Amex Gold'),
  bin('35301113', 'jcb', 'credit', 'JP', 'SANDBOX JCB JAPAN', 'JCB Standard'),
  bin('35699900', 'jcb', 'credit', 'JP', 'SANDBOX JCB JAPAN', 'JCB Gold'),
  bin('62509410', 'china_union_pay', 'credit', 'CN', 'SANDBOX BANK OF CHINA', 'UnionPay Credit', { local_schemes: ['upi'] }),
  bin('62435100', 'china_union_pay', 'debit', 'HK', 'VICTORIA HARBOUR SANDBOX BANK', 'UnionPay Debit', { local_schemes: ['upi'] }),
  bin('60111111', 'discover', 'credit', 'US', 'SANDBOX DISCOVER BANK', 'Discover It'),
  bin('30123456', 'diners_club_international', 'charge', 'US', 'SANDBOX DINERS CLUB', 'Diners Club Classic'),
  bin('45442491', 'visa', 'credit', 'GB', 'SANDBOX BANK UK', 'Visa Classic'),
  bin('40100617', 'visa', 'credit', 'GB', 'SANDBOX 3DS BANK', 'Visa Classic'),
];

/**
 * Metadata for a BIN prefix (6–8 digits or a full PAN). Exact table rows win; otherwise a record is
 * derived from the test-card table (its country) or, failing that, from the scheme alone. Returns
 * undefined when not even the scheme can be told: the real API answers 404 then.
 */
export function lookupBin(digits: string): BinRecord | undefined {
  const prefix = digits.slice(0, 8);
  // A 6- or 7-digit BIN matches the first table row that extends it, as the scheme's range would.
  const exact = BIN_TABLE.find((row) => row.bin.startsWith(prefix));
  if (exact) return exact;
  const rule = schemeRuleFor(digits);
  if (!rule) return undefined;
  const testCard = TEST_CARDS.find((c) => c.number.startsWith(prefix));
  const country = testCard?.country ?? 'US';
  const type = testCard?.cardType ?? (rule.scheme === 'american_express' ? 'charge' : 'credit');
  return bin(prefix.padEnd(8, '0'), rule.scheme, type, country, `SANDBOX BANK ${country}`, defaultProduct(rule.scheme, type));
}

function defaultProduct(scheme: Scheme, type: CardType): string {
  switch (scheme) {
    case 'visa':
      return type === 'debit' ? 'Visa Debit' : type === 'prepaid' ? 'Visa Prepaid' : 'Visa Classic';
    case 'mastercard':
      return type === 'debit' ? 'Debit Mastercard' : 'Mastercard Standard';
    case 'american_express':
      return 'Amex Green';
    case 'jcb':
      return 'JCB Standard';
    case 'china_union_pay':
      return 'UnionPay Credit';
    case 'discover':
      return 'Discover It';
    case 'diners_club_international':
      return 'Diners Club Classic';
  }
}
