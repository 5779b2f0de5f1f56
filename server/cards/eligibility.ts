/**
 * Presale eligibility: the one rule `POST /card-metadata` (to tell the shopper early), session
 * creation (on the BIN the shopper declares) and the payment's verification (on the card that
 * actually paid, as Checkout.com reports it) all use. A rule set lists accepted values per
 * attribute; a card must match every attribute the rules name (AND across attributes, OR within
 * one). Comparison ignores case: Checkout.com's enums come in either case (docs/checkout-api-facts.md
 * §10.6), and a scheme has other spellings on a payment (`AMEX`, `Diners`) than in card metadata
 * (`american_express`, `diners_club_international`): both name the same scheme here.
 */
import type { z } from 'zod';
import type { eventSchema, presaleRulesSchema } from '../../contract/api';
import { HttpError, type FieldError } from '../errors';

export type PresaleRules = z.infer<typeof presaleRulesSchema>;
type Event = z.infer<typeof eventSchema>;

export interface CardFacts {
  scheme?: string;
  cardType?: string;
  issuer?: string;
  issuerCountry?: string;
}

export interface Eligibility {
  eligible: boolean;
  reasons: string[];
}

/** What a rule is checked against, from card metadata (a BIN) or a payment's `source` (the card that paid): same field names. */
export function cardFacts(meta: { scheme?: string | undefined; card_type?: string | undefined; issuer?: string | undefined; issuer_country?: string | undefined }): CardFacts {
  return { scheme: meta.scheme, cardType: meta.card_type, issuer: meta.issuer, issuerCountry: meta.issuer_country };
}

const norm = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Payment-source spellings of a scheme → the card-metadata enum the rules are written in. */
const SCHEME_ALIASES: Record<string, string> = {
  amex: 'american_express',
  diners: 'diners_club_international',
  diners_club: 'diners_club_international',
  china_unionpay: 'china_union_pay',
  unionpay: 'china_union_pay',
  union_pay: 'china_union_pay',
  cup: 'china_union_pay',
  master_card: 'mastercard',
};
const scheme = (value: string) => SCHEME_ALIASES[norm(value)] ?? norm(value);

export function checkEligibility(rules: PresaleRules, card: CardFacts): Eligibility {
  const reasons: string[] = [];
  const check = (accepted: string[] | undefined, actual: string | undefined, what: string, same = norm) => {
    if (!accepted?.length) return;
    if (!actual || !accepted.some((a) => same(a) === same(actual))) {
      reasons.push(`${what} must be ${accepted.join(' or ')}${actual ? ` (this card: ${actual})` : ' (unknown for this card)'}`);
    }
  };
  check(rules.schemes, card.scheme, 'card scheme', scheme);
  check(rules.cardTypes, card.cardType, 'card type');
  check(rules.issuers, card.issuer, 'issuer');
  check(rules.issuerCountries, card.issuerCountry, 'issuer country');
  return { eligible: reasons.length === 0, reasons };
}

export type SalePhase = 'presale' | 'on_sale' | 'not_on_sale';

/** Where an event's sale stands at `now`. */
export function salePhase(event: Event, now: number): SalePhase {
  if (now >= Date.parse(event.onSaleAt)) return 'on_sale';
  const p = event.presale;
  if (p && now >= Date.parse(p.opensAt) && now < Date.parse(p.closesAt)) return 'presale';
  return 'not_on_sale';
}

/** When the sale of an event not on sale at `now` opens next: its presale if that is still to come, else its general sale. */
export function nextSaleOpens(event: Event, now: number): { phase: 'presale' | 'on_sale'; at: string } {
  const p = event.presale;
  if (p && now < Date.parse(p.opensAt)) return { phase: 'presale', at: p.opensAt };
  return { phase: 'on_sale', at: event.onSaleAt };
}

/** 409 `event_not_on_sale`: seats of an event cannot be held or paid before its presale (or, between the two, its general sale) opens. */
export function notOnSale(event: Event, now: number, field: FieldError['path'] = 'eventId'): HttpError {
  const next = nextSaleOpens(event, now);
  const what = next.phase === 'presale' ? 'presale' : 'general sale';
  return new HttpError(409, 'event_not_on_sale', `${event.name} is not on sale yet: its ${what} opens at ${next.at}.`, [{ path: field, message: `not on sale until ${next.at}` }]);
}
