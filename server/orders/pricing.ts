/**
 * Server-side pricing. The client says WHAT it buys; every amount here comes from the
 * catalog (or from a server-side record: a seat hold, an insurance quote), converted with
 * the cached FX table and rounded in the order currency's minor units by contract/money.ts.
 *
 * Lines come from sources (products, gift cards, seat holds, insurance quotes). Seat holds
 * and insurance quotes are resolved through `PricingExtensions`, so the engineers adding
 * them plug a resolver in and the totals, coupons, tax and FX rules stay here.
 */
import type { z } from 'zod';
import { localizedText, translatedText } from '../../contract/locales';
import { receiptLocale, receiptText } from '../receipts/translations';
import { convertMinor, formatMoney, fxRate } from '../../contract/money';
import type { Catalog } from '../catalog';
import type { Coupon } from '../catalog/schema';
import type { GiftCardDelivery } from '../gift-cards/store';
import { notOnSale, salePhase } from '../cards/eligibility';
import { HttpError, type FieldError } from '../errors';
import { ORDER_LIMITS } from '../../contract/limits';
import { pricingRates, type FxTable } from '../catalog/fx';
import type { Currency, Money, orderRequestSchema, PricedOrder, presaleRulesSchema } from '../../contract/api';

export type ParsedOrder = z.output<typeof orderRequestSchema>;

export type LineKind = 'product' | 'gift_card' | 'seat' | 'insurance';

export interface PricedLine {
  kind: LineKind;
  reference: string;
  name: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  /** Coupons apply to merchandise and tickets, never to gift cards or insurance. */
  discountable: boolean;
  taxable: boolean;
  /** Physical goods need shipping. */
  shippable: boolean;
  /** A gift-card line: who gets the cards and when (issued when the order is paid, server/gift-cards/). */
  giftCard?: GiftCardDelivery;
}

/** A seat hold as the seat-hold service reports it (added by a later migration and plugin). */
export interface SeatHoldRecord {
  id: string;
  eventId: string;
  /** Set when the hold belongs to a logged-in user (an event that requires login). */
  ownedBy?: (username: string) => boolean;
  seats: Array<{ seatId: string; categoryId: string }>;
  expiresAt: number;
}

export interface InsuranceQuoteRecord {
  id: string;
  /** Set when the quote belongs to a logged-in user: true only for that user. */
  ownedBy?: (username: string) => boolean;
  planId: string;
  name: string;
  /** The plan's name as quoted and the months the premium covers: the line is then named in the order's language (its plan's translation, the months through Intl). */
  planName?: string;
  months?: number;
  /** The premium as quoted (already underwritten); converted like catalog prices. */
  premium: Money;
  expiresAt: number;
}

export interface PricingExtensions {
  seatHolds?: { get(id: string): Promise<SeatHoldRecord | undefined> };
  insuranceQuotes?: { get(id: string): Promise<InsuranceQuoteRecord | undefined> };
  /**
   * The coupons (server/coupons/: kept in the database): the coupon a code names, and its uses
   * checked for a customer email (throws the refusal). Without it, the catalog's coupons, uses unchecked.
   */
  coupons?: {
    get(code: string): Promise<Coupon | undefined>;
    checkUses(coupon: Coupon, email: string): Promise<void>;
  };
}

export interface PresaleRequirement {
  eventId: string;
  eventName: string;
  rules: z.infer<typeof presaleRulesSchema>;
}

export interface Quote extends Omit<PricedOrder, 'id' | 'lines'> {
  lines: PricedLine[];
  /** The held seats the seat lines priced, seat by seat: what the order will sell, and nothing else. */
  seatHold?: { id: string; eventId: string; seats: Array<{ seatId: string; categoryId: string }> };
  /** Set when the order contains presale tickets: the card must pass these rules. */
  presale?: PresaleRequirement;
  /** Country the tax was computed for. */
  taxCountry: string;
}

export interface PriceContext {
  catalog: Catalog;
  fx: FxTable;
  now: number;
  extensions?: PricingExtensions;
  /**
   * The logged-in buyer's username, or null. Asked only when a hold or a quote belongs to a
   * user, because asking runs the session's CSRF check.
   */
  buyer?: () => Promise<string | null>;
}

/**
 * A hold or quote that belongs to a logged-in user is priced only for that user: 401 without a
 * session; someone else's reads as not found, so its existence leaks nothing.
 */
async function ownedByBuyer(record: { ownedBy?: (username: string) => boolean }, ctx: PriceContext): Promise<boolean> {
  if (!record.ownedBy) return true;
  const username = (await ctx.buyer?.()) ?? null;
  if (!username) throw new HttpError(401, 'login_required', 'Please log in to continue.');
  return record.ownedBy(username);
}

const invalid = (code: string, message: string, fields: FieldError[]) => new HttpError(400, code, message, fields);

export async function priceOrder(order: ParsedOrder, ctx: PriceContext): Promise<Quote> {
  const { catalog, now } = ctx;
  const currency = order.currency;
  const base = catalog.baseCurrency;
  if (!catalog.data.currencies.includes(currency)) {
    throw invalid('currency_not_supported', `This shop does not sell in ${currency}.`, [
      { path: 'currency', message: `must be one of ${catalog.data.currencies.join(', ')}` },
    ]);
  }
  const rates = pricingRates(ctx.fx, base, currency, catalog.data.fx.markupPercent);
  let converted = false;
  /** Catalog base-currency amount → order currency, with FX recorded when used. */
  const fromBase = (money: Money, regional?: number): number => {
    if (regional !== undefined) return regional;
    if (money.currency === currency) return money.amount;
    converted = true;
    if (money.currency === base) return convertMinor(money.amount, base, currency, rates);
    // A record priced in a third currency (e.g. an insurance quote): market rate, no markup
    // on top of whatever the quoting side already applied.
    return convertMinor(money.amount, money.currency, currency, ctx.fx);
  };

  const lines: PricedLine[] = [];
  const errors: FieldError[] = [];

  // Products. Quantities of one reference listed twice are merged so limits hold.
  order.items.forEach((item, index) => {
    const product = catalog.products.get(item.reference);
    if (!product) {
      errors.push({ path: `items.${index}.reference`, message: `"${item.reference}" is not in the catalog` });
      return;
    }
    const unit = fromBase(product.price, product.prices?.[currency]);
    const existing = lines.find((l) => l.kind === 'product' && l.reference === product.reference);
    if (existing) {
      existing.quantity += item.quantity;
      existing.amount = existing.unitAmount * existing.quantity;
      // The limit is per product, however many lines name it (the cart keeps one line per product).
      if (existing.quantity > ORDER_LIMITS.maxQuantity) errors.push({ path: `items.${index}.quantity`, message: `at most ${ORDER_LIMITS.maxQuantity} of "${product.reference}" per order` });
      return;
    }
    lines.push({ kind: 'product', reference: product.reference, name: localizedText(product, 'name', order.locale), quantity: item.quantity, unitAmount: unit, amount: unit * item.quantity, discountable: true, taxable: true, shippable: true });
  });

  // Gift card: the face value is the shopper's choice, within the catalog's bounds.
  if (order.giftCard) {
    const g = order.giftCard;
    const rules = catalog.data.giftCards;
    const design = rules.designs.find((d) => d.id === g.design);
    if (!design) errors.push({ path: 'giftCard.design', message: `"${g.design}" is not a gift-card design` });
    const bounds = rules.amounts[currency];
    if (!bounds) {
      errors.push({ path: 'giftCard.amount', message: `gift cards are not sold in ${currency}` });
    } else if (g.amount < bounds.min || g.amount > bounds.max) {
      errors.push({ path: 'giftCard.amount', message: `must be between ${formatMoney(bounds.min, currency, 'en')} and ${formatMoney(bounds.max, currency, 'en')}` });
    }
    if (g.quantity > rules.maxQuantity) errors.push({ path: 'giftCard.quantity', message: `at most ${rules.maxQuantity} gift cards per order` });
    if (g.message && g.message.length > rules.messageMaxLength) errors.push({ path: 'giftCard.message', message: `at most ${rules.messageMaxLength} characters` });
    if (g.deliveryDate && Date.parse(`${g.deliveryDate}T23:59:59Z`) < now) errors.push({ path: 'giftCard.deliveryDate', message: 'must not be in the past' });
    if (design) {
      const delivery: GiftCardDelivery = { design: design.id, recipientName: g.recipientName, recipientEmail: g.recipientEmail, senderName: g.senderName, ...(g.message ? { message: g.message } : {}), sendToSelf: g.sendToSelf, ...(g.deliveryDate ? { deliveryDate: g.deliveryDate } : {}) };
      lines.push({ kind: 'gift_card', reference: `giftcard-${design.id}`, name: receiptText(order.locale).giftCardLine(localizedText(design, 'name', order.locale)), quantity: g.quantity, unitAmount: g.amount, amount: g.amount * g.quantity, discountable: false, taxable: false, shippable: false, giftCard: delivery });
    }
  }

  // Seat holds: seats are priced by their category, server-side.
  let presale: PresaleRequirement | undefined;
  let seatHold: Quote['seatHold'];
  if (order.seatHoldId) {
    const hold = await ctx.extensions?.seatHolds?.get(order.seatHoldId);
    if (!hold || !(await ownedByBuyer(hold, ctx))) {
      errors.push({ path: 'seatHoldId', message: 'is not a seat hold of this shop' });
    } else if (hold.expiresAt <= now) {
      throw new HttpError(409, 'seat_hold_expired', 'The seat hold has expired; choose your seats again.', [{ path: 'seatHoldId', message: 'has expired' }]);
    } else {
      const event = catalog.events.get(hold.eventId);
      if (!event) {
        errors.push({ path: 'seatHoldId', message: 'belongs to an event that is no longer sold' });
      } else {
        const phase = salePhase(event, now);
        if (phase === 'not_on_sale') throw notOnSale(event, now, 'seatHoldId');
        if (phase === 'presale' && event.presale) presale = { eventId: event.id, eventName: localizedText(event, 'name', order.locale), rules: event.presale.rules };
        const byCategory = new Map<string, number>();
        for (const seat of hold.seats) byCategory.set(seat.categoryId, (byCategory.get(seat.categoryId) ?? 0) + 1);
        for (const [categoryId, count] of byCategory) {
          const category = event.categories.find((c) => c.id === categoryId);
          if (!category) {
            errors.push({ path: 'seatHoldId', message: `seat category "${categoryId}" is not sold for this event` });
            continue;
          }
          const unit = fromBase(category.price);
          lines.push({ kind: 'seat', reference: `${event.id}:${category.id}`, name: `${localizedText(event, 'name', order.locale)} — ${localizedText(category, 'name', order.locale)}`, quantity: count, unitAmount: unit, amount: unit * count, discountable: true, taxable: true, shippable: false });
        }
        seatHold = { id: hold.id, eventId: event.id, seats: hold.seats.map((s) => ({ seatId: s.seatId, categoryId: s.categoryId })) };
      }
    }
  }

  if (order.insuranceQuoteId) {
    const quote = await ctx.extensions?.insuranceQuotes?.get(order.insuranceQuoteId);
    if (!quote || !(await ownedByBuyer(quote, ctx))) errors.push({ path: 'insuranceQuoteId', message: 'is not an insurance quote of this shop' });
    else if (quote.expiresAt <= now) throw new HttpError(409, 'insurance_quote_expired', 'The insurance quote has expired; ask for a new quote.', [{ path: 'insuranceQuoteId', message: 'has expired' }]);
    else {
      const unit = fromBase(quote.premium);
      lines.push({ kind: 'insurance', reference: `insurance-${quote.planId}`, name: insuranceLineName(quote, catalog, order.locale), quantity: 1, unitAmount: unit, amount: unit, discountable: false, taxable: false, shippable: false });
    }
  }

  if (errors.length) throw invalid('invalid_order', 'Some items of the order cannot be sold as requested.', errors);

  const subtotal = lines.reduce((n, l) => n + l.amount, 0);
  const discountable = lines.filter((l) => l.discountable).reduce((n, l) => n + l.amount, 0);

  // Shipping: the chosen method, or the cheapest one serving the destination.
  const shipCountry = order.shippingAddress?.country ?? order.country;
  let shipping = 0;
  let shippingMethod: string | undefined;
  if (lines.some((l) => l.shippable)) {
    const serves = (m: { countries?: string[] }) => !m.countries || m.countries.includes(shipCountry);
    const methods = catalog.data.shippingMethods;
    let method;
    if (order.shippingMethod) {
      method = methods.find((m) => m.id === order.shippingMethod);
      if (!method) throw invalid('invalid_order', 'Unknown shipping method.', [{ path: 'shippingMethod', message: `"${order.shippingMethod}" is not a shipping method` }]);
      if (!serves(method)) throw invalid('invalid_order', `${method.name} does not ship to ${shipCountry}.`, [{ path: 'shippingMethod', message: `does not ship to ${shipCountry}` }]);
    } else {
      method = methods.filter(serves).map((m) => ({ m, price: fromBase(m.price) })).sort((a, b) => a.price - b.price)[0]?.m;
      if (!method) throw invalid('invalid_order', `We do not ship to ${shipCountry}.`, [{ path: order.shippingAddress ? 'shippingAddress.country' : 'country', message: 'no shipping method serves this country' }]);
    }
    shippingMethod = method.id;
    shipping = fromBase(method.price);
  }

  // Coupon: one per order (the request has one code). Its rules here, its uses in the database.
  let discount = 0;
  let couponCode: string | undefined;
  if (order.coupon) {
    const coupons = ctx.extensions?.coupons;
    const found = coupons ? await coupons.get(order.coupon) : catalog.coupon(order.coupon);
    const { coupon, discount: off } = couponDiscount(found, order.coupon, { catalog, lines, currency, now, discountable, fromBase });
    discount = off;
    if (coupon.freeShipping) shipping = 0;
    couponCode = coupon.code;
    await coupons?.checkUses(coupon, order.customer.email);
  }

  // Tax, exclusive, on the discounted taxable amount (and shipping where the country taxes it).
  const taxCountry = taxCountryOf(order);
  const rule = catalog.data.tax.byCountry[taxCountry];
  const taxableGoods = lines.filter((l) => l.taxable).reduce((n, l) => n + l.amount, 0);
  // The discount only reduces taxable lines (coupons apply only to discountable lines, and
  // every discountable line is taxable).
  const taxBase = Math.max(0, taxableGoods - discount) + (rule?.shipping ? shipping : 0);
  const tax = rule ? Math.round((taxBase * rule.rate) / 100) : 0;

  const amount = subtotal - discount + shipping + tax;
  return {
    currency,
    lines,
    subtotal,
    discount,
    shipping,
    tax,
    amount,
    ...(couponCode ? { coupon: couponCode } : {}),
    ...(shippingMethod ? { shippingMethod } : {}),
    ...(rule ? { taxRate: rule.rate, taxName: rule.name } : {}),
    ...(converted ? { fx: { rate: roundRate(fxRate(base, currency, rates)), date: ctx.fx.date, source: ctx.fx.source } } : {}),
    ...(presale ? { presale } : {}),
    ...(seatHold ? { seatHold } : {}),
    taxCountry,
  };
}

/** An insurance line's name in the order's language: "Device Care (12 months)", "デバイスケア (12 か月)"; the quote's own name when it says no more. */
function insuranceLineName(quote: InsuranceQuoteRecord, catalog: Catalog, locale: string | undefined): string {
  if (!quote.planName || !quote.months) return quote.name;
  const plan = catalog.data.insurancePlans.find((p) => p.id === quote.planId);
  const months = new Intl.NumberFormat(`${receiptLocale(locale)}-u-nu-latn`, { style: 'unit', unit: 'month', unitDisplay: 'long' }).format(quote.months);
  return `${(plan && translatedText(plan, 'name', locale)) || quote.planName} (${months})`;
}

/** Where an order is taxed: where it ships to, else the billing address's country, else the order's. */
export function taxCountryOf(order: { shippingAddress?: { country: string } | undefined; billingAddress?: { country: string } | undefined; country: string }): string {
  return order.shippingAddress?.country ?? order.billingAddress?.country ?? order.country;
}

/** The figures of a stored order that a partial refund is computed from. */
export interface PaidOrderFigures {
  discount: number;
  shipping: number;
  tax: number;
  /** The priced lines as stored (PricedLine[]). */
  lines: unknown;
}

export interface LostSeatsRefund {
  /** Minor units of the order's currency; 0 when nothing is owed. */
  amount: number;
  /** Each lost seat with the unit price its order line charged. */
  seats: Array<{ seatId: string; categoryId: string; unitAmount: number }>;
  /** Lost seats the order's seat lines did not price (no line of their category, or more than its quantity): nothing was charged for them. */
  unpriced: string[];
}

/**
 * What a paid order owes back for seats it paid for and did not get (its expired hold lost them
 * to another buyer, or another order was paid for them first): what the shopper paid for those
 * seats, from the stored order alone (never today's catalog prices or FX). Each seat is priced
 * by its own order line (`eventId:categoryId`), at most `quantity` seats per line, less its share
 * of the coupon discount, plus its share of the tax, by the same rules as `priceOrder` (coupons
 * reduce discountable lines, tax is on the discounted taxable lines and on shipping where the
 * country taxes shipping). So the refund is bounded by what the order's seat lines cost with
 * their coupon and tax shares, never by the order's other lines or its total; it runs when the
 * order becomes paid, before any refund of it. Every seat of an order of seats only: its amount.
 */
export function lostSeatsRefund(order: PaidOrderFigures, eventId: string, lost: Array<{ seatId: string; categoryId: string }>, shippingTaxed: boolean): LostSeatsRefund {
  const lines = (Array.isArray(order.lines) ? order.lines : []) as PricedLine[];
  const seats: LostSeatsRefund['seats'] = [];
  const unpriced: string[] = [];
  const counted = new Map<PricedLine, number>();
  let price = 0;
  let discountablePrice = 0;
  let taxablePrice = 0;
  for (const seat of lost) {
    const line = lines.find((l) => l.kind === 'seat' && l.reference === `${eventId}:${seat.categoryId}`);
    const used = line ? (counted.get(line) ?? 0) : 0;
    if (!line || used >= line.quantity) {
      unpriced.push(seat.seatId);
      continue;
    }
    counted.set(line, used + 1);
    seats.push({ ...seat, unitAmount: line.unitAmount });
    price += line.unitAmount;
    if (line.discountable) discountablePrice += line.unitAmount;
    if (line.taxable) taxablePrice += line.unitAmount;
  }
  if (!seats.length) return { amount: 0, seats, unpriced };

  const sum = (keep: (l: PricedLine) => boolean) => lines.filter(keep).reduce((n, l) => n + l.amount, 0);
  const discountable = sum((l) => l.discountable);
  const discountShare = discountable > 0 ? Math.round((order.discount * discountablePrice) / discountable) : 0;
  // Every discountable line is taxable (see priceOrder): the discount comes off the taxed amount.
  const taxBase = Math.max(0, sum((l) => l.taxable) - order.discount) + (shippingTaxed ? order.shipping : 0);
  const taxShare = taxBase > 0 ? Math.round((order.tax * Math.max(0, taxablePrice - discountShare)) / taxBase) : 0;
  return { amount: Math.max(0, price - discountShare + taxShare), seats, unpriced };
}

function roundRate(rate: number): number {
  return Number(rate.toPrecision(10));
}

/** Seat lines are in coupon scope as the category `tickets`. */
export const TICKETS_CATEGORY = 'tickets';

/** Whether a coupon's product/category scope takes in a priced line (only discountable lines ever do). */
function inScope(coupon: Coupon, line: PricedLine, catalog: Catalog): boolean {
  if (!line.discountable) return false;
  const category = line.kind === 'seat' ? TICKETS_CATEGORY : line.kind === 'product' ? catalog.products.get(line.reference)?.category : undefined;
  const named = (list: string[] | undefined, value: string | undefined) => value !== undefined && !!list?.includes(value);
  if (named(coupon.excludeProducts, line.reference) || named(coupon.excludeCategories, category)) return false;
  if (!coupon.products && !coupon.categories) return true;
  return named(coupon.products, line.reference) || named(coupon.categories, category);
}

/**
 * THE coupon rule: whether `coupon` applies to these lines now (each refusal its own code, 400,
 * field `coupon`), and the discount it gives in the order currency: a percentage of the lines in
 * its scope, or its fixed amount for the currency (at most those lines), capped by `maxDiscount`.
 * Free shipping is applied by the caller. How often it was used is checked by `checkUses`
 * (server/coupons/coupons.ts), with the customer and the database.
 */
function couponDiscount(
  coupon: Coupon | undefined,
  code: string,
  ctx: { catalog: Catalog; lines: PricedLine[]; currency: Currency; now: number; discountable: number; fromBase: (m: Money) => number },
): { coupon: Coupon; discount: number } {
  const fail = (errorCode: string, message: string) => invalid(errorCode, message, [{ path: 'coupon', message }]);
  if (!coupon) throw fail('coupon_invalid', `"${code.trim()}" is not a valid coupon code`);
  const name = `"${coupon.code}"`;
  if (coupon.expiresAt && Date.parse(coupon.expiresAt) <= ctx.now) throw fail('coupon_expired', `${name} has expired`);
  if (coupon.startsAt && Date.parse(coupon.startsAt) > ctx.now) throw fail('coupon_not_started', `${name} is not valid before ${coupon.startsAt}`);
  if (coupon.currencies && !coupon.currencies.includes(ctx.currency)) {
    throw fail('coupon_currency', `${name} is valid only for orders in ${coupon.currencies.join(', ')}`);
  }
  if (coupon.minSubtotal) {
    const min = ctx.fromBase(coupon.minSubtotal);
    if (ctx.discountable < min) throw fail('coupon_min_subtotal', `${name} needs a merchandise subtotal of at least ${formatMoney(min, ctx.currency, 'en')}`);
  }
  const discounting = coupon.percentOff !== undefined || coupon.amountOff !== undefined || coupon.amountsOff !== undefined;
  if (!discounting) return { coupon, discount: 0 };
  const base = ctx.lines.filter((l) => inScope(coupon, l, ctx.catalog)).reduce((n, l) => n + l.amount, 0);
  if (base === 0) {
    const scoped = coupon.products || coupon.categories || coupon.excludeProducts || coupon.excludeCategories;
    throw fail('coupon_not_applicable', scoped ? `${name} does not apply to the items of this order` : `${name} does not apply to gift cards or insurance`);
  }
  let discount: number;
  if (coupon.percentOff !== undefined) discount = Math.round((base * coupon.percentOff) / 100);
  else {
    const fixed = coupon.amountsOff?.[ctx.currency] ?? (coupon.amountOff ? ctx.fromBase(coupon.amountOff) : undefined);
    if (fixed === undefined) throw fail('coupon_currency', `${name} has no amount in ${ctx.currency}`);
    discount = Math.min(base, fixed);
  }
  if (coupon.maxDiscount) discount = Math.min(discount, ctx.fromBase(coupon.maxDiscount));
  return { coupon, discount };
}

/** The priced order as the API returns it. */
export function toPricedOrder(id: string, quote: Quote & { giftCard?: PricedOrder['giftCard'] }): PricedOrder {
  const { lines, presale: _presale, taxCountry: _taxCountry, seatHold: _seatHold, ...rest } = quote;
  return { id, ...rest, lines: lines.map(({ reference, name, quantity, unitAmount, amount }) => ({ reference, name, quantity, unitAmount, amount })) };
}
