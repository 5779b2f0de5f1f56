import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { CkElement } from '../core/base';
import { formatMoney, lineAmount } from '../core/money';
import { LocalizeController } from '../core/localize';
import { CartController } from '../core/store-controller';
import { MAX_QUANTITY, subtotals, type CartItem } from '../core/store';
import styles from './cart.styles';

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
 *
 * @csspart base - The cart's container.
 * @csspart title - The heading row.
 * @csspart count - The item count beside the heading.
 * @csspart empty - The empty-cart message.
 * @csspart line-item - One line of the cart.
 * @csspart image - A line item's product image.
 * @csspart quantity - The quantity stepper of a line.
 * @csspart line-total - A line's total.
 * @csspart remove-button - A line's remove button.
 * @csspart subtotal - The subtotal row.
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

  @state() private announcement = '';

  private readonly cart = new CartController(this);
  private readonly localize = new LocalizeController(this);

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
              ${this.renderSubtotal(items)}
            `}
        <slot name="footer"></slot>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  private renderLine(item: CartItem) {
    const t = this.localize;
    const unit = formatMoney(item.unitAmount, item.currency, t.lang);
    return html`
      <li part="line-item" data-reference=${item.reference}>
        ${item.image ? html`<img part="image" src=${item.image} alt="" loading="lazy" />` : html`<span part="image"></span>`}
        <span class="name">${item.name}<span class="unit">${t.term('eachPrice', unit)}</span></span>
        <span part="line-total">${formatMoney(lineAmount(item.unitAmount, item.quantity), item.currency, t.lang)}</span>
        ${this.readonly
          ? html`<span class="controls">${t.term('quantity')}: ${item.quantity}</span>`
          : html`<span class="controls">
              <span part="quantity">
                <button
                  type="button"
                  aria-label=${t.term('decreaseQuantity', item.name)}
                  ?disabled=${item.quantity <= 1}
                  @click=${() => this.changeQuantity(item, item.quantity - 1)}
                >
                  −
                </button>
                <input
                  type="number"
                  inputmode="numeric"
                  min="1"
                  max=${MAX_QUANTITY}
                  .value=${String(item.quantity)}
                  aria-label=${t.term('quantityOf', item.name)}
                  @change=${(e: Event) => this.onQuantityInput(item, e.target as HTMLInputElement)}
                />
                <button
                  type="button"
                  aria-label=${t.term('increaseQuantity', item.name)}
                  ?disabled=${item.quantity >= MAX_QUANTITY}
                  @click=${() => this.changeQuantity(item, item.quantity + 1)}
                >
                  +
                </button>
              </span>
              <button
                type="button"
                part="remove-button"
                aria-label=${t.term('removeItem', item.name)}
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
    return html`
      <dl part="subtotal">
        <dt>${t.term('subtotal')}</dt>
        ${[...subtotals(items)].map(
          ([currency, amount]) => html`<dd data-currency=${currency}>${formatMoney(amount, currency, t.lang)}</dd>`,
        )}
      </dl>
    `;
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
    this.announcement = this.localize.term('quantityChanged', item.name, kept);
    this.emit('ck-cart-change', { items: store.items, reason: 'quantity', reference: item.reference });
  }

  private removeItem(item: CartItem) {
    const store = this.cart.store;
    const index = store.items.findIndex((i) => i.reference === item.reference);
    store.remove(item.reference);
    this.announcement = this.localize.term('itemRemoved', item.name);
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
