import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { CkElement } from '../core/base';
import { ApiError, quoteOrder, type QuotedOrder } from '../core/api';
import { CatalogController, priceIn } from '../core/catalog';
import { KitController } from '../core/context';
import { translatedText } from '../../contract/locales';
import { convertMinor, formatMoney, formatMoneyOff, lineAmount } from '../../contract/money';
import { addEnglish, LocalizeController } from '../core/localize';
import cartEn from './en';
import { CartController, StoredValuesController } from '../core/store-controller';
import { checkoutDraftStore, MAX_QUANTITY, subtotals, type CartItem } from '../core/store';
import { couponErrorMessage, describeApiError, stockLabel } from '../core/error-message';
import styles from './cart.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(cartEn);

const isCouponError = (error: ApiError) =>
  error.fields.some((f) => f.path === 'coupon') || error.code.includes('coupon');

/**
 * @summary The shopper's cart: line items from the shared store, quantities, removal and subtotal.
 *
 * @tag ck-cart
 *
 * @slot heading - Replaces the default "Your cart" heading.
 * @slot empty - Shown instead of the default message when the cart is empty.
 * @slot footer - Below the subtotal, e.g. a checkout link or a `ck-pay-button`.
 *
 * @event {CustomEvent<CkCartChangeDetail>} ck-cart-change - The shopper changed a quantity or removed an item. `detail`: `{ items, reason: 'quantity' | 'remove', reference }`.
 * @event {CustomEvent<CkCouponChangeDetail>} ck-coupon-change - The shopper applied a coupon the server accepted, or removed it. `detail`: `{ coupon, discount, currency }`.
 *
 * @csspart base - The cart's container.
 * @csspart title - The heading row.
 * @csspart count - The item count beside the heading.
 * @csspart empty - The empty-cart message.
 * @csspart line-item - One line of the cart.
 * @csspart image - A line item's product image.
 * @csspart quantity - The quantity stepper of a line.
 * @csspart stock - "Only N left" or "Sold out" under a line whose product has little or no stock left.
 * @csspart line-total - A line's total.
 * @csspart remove-button - A line's remove button.
 * @csspart subtotal - The subtotal row.
 * @csspart coupon - The coupon form.
 * @csspart coupon-input - The coupon code field.
 * @csspart coupon-button - The coupon "Apply" button.
 * @csspart discount - The discount row, once a coupon is applied.
 * @csspart total - The total row (server-priced), once a coupon is applied.
 * @csspart alert - An error that is not about the coupon code (network, server).
 *
 * @cssproperty --ck-cart-background - Background of the cart container.
 * @cssproperty --ck-color-primary - Accent colour shared by the kit.
 */
export class CkCart extends CkElement {
  static override styles = styles;

  /** Heading level of the cart title (2–6), so the cart fits the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Read-only summary: no quantity controls or remove buttons. */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Hides the coupon form. */
  @property({ type: Boolean, attribute: 'hide-coupon', reflect: true }) hideCoupon = false;

  @state() private announcement = '';
  @state() private quote?: QuotedOrder;
  @state() private quoting = false;
  @state() private couponError = '';
  @state() private quoteError?: ApiError;

  private readonly cart = new CartController(this);
  private readonly localize = new LocalizeController<keyof typeof cartEn>(this);
  private readonly kit = new KitController(this);
  private readonly catalog = new CatalogController(this);
  private readonly draft = checkoutDraftStore();
  private quotedFor = '';
  private quoteAbort?: AbortController;

  constructor() {
    super();
    new StoredValuesController(this, this.draft);
  }

  private signature(coupon: string | undefined): string {
    return JSON.stringify([coupon, this.displayCurrency, this.cart.store.items.map((i) => [i.reference, i.quantity])]);
  }

  /** The currency totals are shown in: the shopper's choice, else the items' own. */
  private get displayCurrency(): string | undefined {
    return this.kit.currency ?? this.cart.store.items[0]?.currency;
  }

  protected override willUpdate(): void {
    const items = this.cart.store.items;
    // The catalog (one cached request per page) gives prices in another currency and the
    // products' names in the shopper's language.
    if (items.length) this.catalog.load(this.kit.endpoint);
    const coupon = this.draft.value?.coupon;
    const signature = this.signature(coupon);
    if (coupon && items.length && signature !== this.quotedFor) {
      this.quotedFor = signature;
      void this.requestQuote(coupon);
    } else if ((!coupon || !items.length) && this.quote && !this.quoting) {
      this.quote = undefined;
      this.quotedFor = '';
    }
  }

  /**
   * An item's unit price in the display currency, priced like the proxy prices it: a catalog
   * product at the catalog's price (whatever the page stored when it was added), anything else
   * converted from what was stored.
   */
  private unitPrice(item: CartItem): { amount: number; currency: string } {
    const currency = this.kit.currency ?? item.currency;
    const product = this.catalog.product(item.reference);
    const rates = this.catalog.rates;
    let amount = product ? priceIn(product, currency, rates) : undefined;
    if (amount === undefined && item.currency === currency) return { amount: item.unitAmount, currency };
    if (amount === undefined && rates) {
      try {
        amount = convertMinor(item.unitAmount, item.currency, currency, rates);
      } catch {
        amount = undefined;
      }
    }
    return amount === undefined ? { amount: item.unitAmount, currency: item.currency } : { amount, currency };
  }

  /** Prices the cart with the coupon; `apply` saves the coupon once the server accepts it. */
  private async requestQuote(coupon: string, apply = false): Promise<boolean> {
    const items = this.cart.store.items;
    const currency = this.displayCurrency;
    if (!currency || !items.length) return false;
    this.quoteAbort?.abort();
    const abort = (this.quoteAbort = new AbortController());
    this.quoting = true;
    this.quoteError = undefined;
    try {
      const { order } = await quoteOrder(
        this.kit.endpoint,
        {
          items: items.map(({ reference, quantity }) => ({ reference, quantity })),
          currency: currency as QuotedOrder['currency'],
          country: this.kit.country(this.localize.lang) ?? 'US',
          coupon,
        },
        abort.signal,
      );
      if (apply) {
        this.quotedFor = this.signature(coupon);
        this.draft.set({ ...this.draft.value, coupon });
      }
      this.quote = order;
      this.couponError = '';
      return true;
    } catch (error) {
      if (abort.signal.aborted) return false;
      this.quote = undefined;
      if (error instanceof ApiError && isCouponError(error)) {
        this.couponError = couponErrorMessage(this.localize, error.code);
        this.draft.set({ ...this.draft.value, coupon: undefined });
      } else {
        this.quoteError = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
      }
      return false;
    } finally {
      if (this.quoteAbort === abort) this.quoting = false;
    }
  }

  override render() {
    const t = this.localize;
    const items = this.cart.store.items;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    return html`
      <section part="base" aria-labelledby="title" dir=${t.dir}>
        <div part="title" role="heading" aria-level=${level} id="title" tabindex="-1">
          <slot name="heading">${t.term('cartTitle')}</slot>
          ${items.length ? html`<span part="count">${t.term('cartItems', this.cart.store.count)}</span>` : nothing}
        </div>
        ${items.length === 0
          ? html`<slot name="empty"><p part="empty">${t.term('cartEmpty')}</p></slot>`
          : html`
              <ul>
                ${repeat(items, (item) => item.reference, (item) => this.renderLine(item))}
              </ul>
              ${this.renderSubtotal(items)} ${this.renderCoupon()}
            `}
        <slot name="footer"></slot>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  /** An item's name in the shopper's language when the catalog translates it, else the name it was added with. */
  private nameOf(item: CartItem): string {
    const product = this.catalog.product(item.reference);
    return (product && translatedText(product, 'name', this.localize.lang)) || item.name;
  }

  private renderLine(item: CartItem) {
    const t = this.localize;
    const name = this.nameOf(item);
    const price = this.unitPrice(item);
    const unit = formatMoney(price.amount, price.currency, t.lang);
    // How many the shop has left (the catalog's `available`; the proxy refuses more at payment).
    const available = this.catalog.product(item.reference)?.available;
    const stock = stockLabel(t, available);
    const max = available === undefined ? MAX_QUANTITY : Math.max(1, Math.min(MAX_QUANTITY, available));
    return html`
      <li part="line-item" data-reference=${item.reference}>
        ${item.image ? html`<img part="image" src=${item.image} alt="" loading="lazy" />` : html`<span part="image"></span>`}
        <!-- <bdi>: a name the catalog does not translate ("30 W USB-C charger" on an Arabic page) keeps its own direction. -->
        <span class="name"><bdi>${name}</bdi><span class="unit">${t.term('eachPrice', unit)}</span>${stock
            ? html`<span part="stock" class=${available === 0 || (available !== undefined && item.quantity > available) ? 'stock short' : 'stock'}>${stock}</span>`
            : nothing}</span>
        <span part="line-total">${formatMoney(lineAmount(price.amount, item.quantity), price.currency, t.lang)}</span>
        ${this.readonly
          ? html`<span class="controls">${t.term('quantity')}: ${item.quantity}</span>`
          : html`<span class="controls">
              <span part="quantity">
                <button
                  type="button"
                  aria-label=${t.term('decreaseQuantity', name)}
                  ?disabled=${item.quantity <= 1}
                  @click=${() => this.changeQuantity(item, item.quantity - 1)}
                >
                  −
                </button>
                <input
                  type="number"
                  inputmode="numeric"
                  min="1"
                  max=${max}
                  .value=${String(item.quantity)}
                  aria-label=${t.term('quantityOf', name)}
                  @change=${(e: Event) => this.onQuantityInput(item, e.target as HTMLInputElement)}
                />
                <button
                  type="button"
                  aria-label=${t.term('increaseQuantity', name)}
                  ?disabled=${item.quantity >= max}
                  @click=${() => this.changeQuantity(item, item.quantity + 1)}
                >
                  +
                </button>
              </span>
              <button
                type="button"
                part="remove-button"
                aria-label=${t.term('removeItem', name)}
                @click=${() => this.removeItem(item)}
              >
                ${t.term('remove')}
              </button>
            </span>`}
      </li>
    `;
  }

  private renderSubtotal(items: readonly CartItem[]) {
    const t = this.localize;
    const shown = items.map((item) => {
      const price = this.unitPrice(item);
      return { ...item, unitAmount: price.amount, currency: price.currency };
    });
    const quote = this.quote;
    return html`
      <dl part="subtotal">
        <dt>${t.term('subtotal')}</dt>
        ${[...subtotals(shown)].map(
          ([currency, amount]) => html`<dd data-currency=${currency}>${formatMoney(amount, currency, t.lang)}</dd>`,
        )}
      </dl>
      ${quote
        ? html`
            ${quote.discount
              ? html`<dl part="discount">
                  <dt>${t.term('discountWithCode', quote.coupon ?? '')}</dt>
                  <dd>${formatMoneyOff(quote.discount, quote.currency, t.lang)}</dd>
                </dl>`
              : nothing}
            ${quote.tax
              ? html`<dl part="tax">
                  <dt>${t.term('tax')}</dt>
                  <dd>${formatMoney(quote.tax, quote.currency, t.lang)}</dd>
                </dl>`
              : nothing}
            <dl part="total">
              <dt>${t.term('total')}</dt>
              <dd>${formatMoney(quote.amount, quote.currency, t.lang)}</dd>
            </dl>
            <p class="note">${t.term('shippingAtCheckout')}</p>
          `
        : nothing}
    `;
  }

  private renderCoupon() {
    if (this.hideCoupon || this.readonly) return nothing;
    const t = this.localize;
    const applied = this.draft.value?.coupon;
    if (applied && this.quote) {
      return html`<p part="coupon" class="applied">
        <span>${t.term('couponApplied', applied)}</span>
        <button type="button" class="link" @click=${this.removeCoupon}>${t.term('removeCoupon', applied)}</button>
      </p>`;
    }
    return html`
      <form part="coupon" @submit=${this.applyCoupon} novalidate>
        <label for="coupon">${t.term('couponCode')}</label>
        <div class="coupon-row">
          <input
            id="coupon"
            name="coupon"
            part="coupon-input"
            autocomplete="off"
            autocapitalize="characters"
            maxlength="40"
            aria-invalid=${this.couponError ? 'true' : 'false'}
            aria-describedby=${this.couponError ? 'coupon-error' : nothing}
          />
          <button part="coupon-button" class="button" ?disabled=${this.quoting} aria-disabled=${this.quoting ? 'true' : 'false'}>
            ${this.quoting ? t.term('applying') : t.term('apply')}
          </button>
        </div>
        ${this.couponError ? html`<p id="coupon-error" class="error">${this.couponError}</p>` : nothing}
        ${this.quoteError
          ? html`<div part="alert" role="alert">${describeApiError(t, this.quoteError)}</div>`
          : nothing}
      </form>
    `;
  }

  private async applyCoupon(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#coupon')!;
    const code = input.value.trim().toUpperCase();
    const t = this.localize;
    if (!code) {
      this.couponError = t.term('couponRequired');
      input.focus();
      return;
    }
    const ok = await this.requestQuote(code, true);
    if (ok && this.quote) {
      this.announcement = t.term('couponApplied', code);
      this.emit('ck-coupon-change', { coupon: code, discount: this.quote.discount, currency: this.quote.currency });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="coupon"] .link')?.focus();
    } else if (this.couponError) {
      this.announcement = this.couponError;
      input.focus();
    }
  }

  private async removeCoupon() {
    const currency = this.quote?.currency ?? this.displayCurrency ?? '';
    this.draft.set({ ...this.draft.value, coupon: undefined });
    this.quote = undefined;
    this.quotedFor = '';
    this.announcement = this.localize.term('couponRemoved');
    this.emit('ck-coupon-change', { coupon: null, discount: 0, currency });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#coupon')?.focus();
  }

  private onQuantityInput(item: CartItem, input: HTMLInputElement) {
    const requested = input.valueAsNumber;
    if (Number.isNaN(requested)) {
      // An emptied field restores the quantity the cart still holds.
      input.value = String(item.quantity);
      return;
    }
    this.changeQuantity(item, requested);
    // The store clamps (1–99); show what it kept.
    input.value = String(this.cart.store.items.find((i) => i.reference === item.reference)?.quantity ?? item.quantity);
  }

  private changeQuantity(item: CartItem, quantity: number) {
    const store = this.cart.store;
    store.setQuantity(item.reference, quantity);
    const kept = store.items.find((i) => i.reference === item.reference)?.quantity ?? item.quantity;
    this.announcement = this.localize.term('quantityChanged', this.nameOf(item), kept);
    this.emit('ck-cart-change', { items: store.items, reason: 'quantity', reference: item.reference });
  }

  private removeItem(item: CartItem) {
    const store = this.cart.store;
    const index = store.items.findIndex((i) => i.reference === item.reference);
    store.remove(item.reference);
    this.announcement = this.localize.term('itemRemoved', this.nameOf(item));
    this.emit('ck-cart-change', { items: store.items, reason: 'remove', reference: item.reference });
    // Keep keyboard users in the list: focus the next line's remove button, else the heading.
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('[part="remove-button"]');
      const next = buttons[Math.min(index, buttons.length - 1)];
      if (next) next.focus();
      else this.renderRoot.querySelector<HTMLElement>('[part="title"]')?.focus();
    });
  }
}
