/** POST /card-metadata's answer: what Checkout.com knows of a BIN, and whether that card may buy an event's presale. */
import type { FastifyInstance } from 'fastify';
import { toHttpError, UpstreamFailure } from '../checkout/client';
import { HttpError } from '../errors';
import type { CardMetadataResponse } from '../../contract/api';
import { cardFacts, checkEligibility, salePhase } from './eligibility';

/** During the general sale (by the server's clock) every card may buy: the presale rule applies only before it. */
export async function cardMetadata(app: FastifyInstance, bin: string, eventId: string | undefined): Promise<CardMetadataResponse> {
  const event = eventId ? app.catalog.events.get(eventId) : undefined;
  if (eventId && !event) throw new HttpError(404, 'event_not_found', `No event "${eventId}".`, [{ path: 'eventId', message: 'is not an event of this shop' }]);
  let meta;
  try {
    meta = await app.checkout.cardMetadata(bin);
  } catch (error) {
    if (error instanceof UpstreamFailure) throw toHttpError(error, 'card_metadata');
    throw error;
  }
  const facts = cardFacts(meta);
  const eligibility = event
    ? event.presale && salePhase(event, app.clock.now()) !== 'on_sale'
      ? { eventId: event.id, ...checkEligibility(event.presale.rules, facts) }
      : { eventId: event.id, eligible: true, reasons: [] }
    : undefined;
  const opt = (key: string, value: string | undefined) => (value ? { [key]: value } : {});
  return {
    bin,
    ...opt('scheme', meta.scheme),
    ...opt('cardType', meta.card_type),
    ...opt('cardCategory', meta.card_category),
    ...opt('issuer', meta.issuer),
    ...opt('issuerCountry', meta.issuer_country),
    ...opt('issuerCountryName', meta.issuer_country_name),
    ...opt('productType', meta.product_type),
    ...(eligibility ? { eligibility } : {}),
  };
}
