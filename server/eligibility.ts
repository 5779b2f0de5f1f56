/**
 * Presale eligibility: the one rule both `POST /card-metadata` (to tell the shopper early)
 * and session creation (to enforce it) use. A rule set lists accepted values per attribute;
 * a card must match every attribute the rules name (AND across attributes, OR within one).
 * Comparison ignores case: Checkout.com's enums come in either case (docs/checkout-api-facts.md §10.6).
 */
import type { z } from 'zod';
import type { eventSchema, presaleRulesSchema } from './schemas/api';

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

const norm = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

export function checkEligibility(rules: PresaleRules, card: CardFacts): Eligibility {
  const reasons: string[] = [];
  const check = (accepted: string[] | undefined, actual: string | undefined, what: string) => {
    if (!accepted?.length) return;
    if (!actual || !accepted.some((a) => norm(a) === norm(actual))) {
      reasons.push(`${what} must be ${accepted.join(' or ')}${actual ? ` (this card: ${actual})` : ' (unknown for this card)'}`);
    }
  };
  check(rules.schemes, card.scheme, 'card scheme');
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
