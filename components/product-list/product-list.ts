import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { CkElement } from '../core/base';
import { CatalogController, priceIn } from '../core/catalog';
import { KitController } from '../core/context';
import { addEnglish, LocalizeController } from '../core/localize';
import productListEn from './en';
import { formatMoney } from '../../contract/money';
import { CartController } from '../core/store-controller';
import { describeApiError, stockLabel } from '../core/error-message';
import type { Product } from '../core/api';
import styles from './product-list.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(productListEn);

/**
 * @summary The merchant's products (all, or one category) with prices in the shopper's currency and "Add to cart".
 *
 * @tag ck-product-list
 *
 * @slot heading - A heading above the list (none by default, so the page's own outline rules).
 * @slot empty - Shown instead of the default message when no product matches.
 *
 * @event {CustomEvent<CkCartChangeDetail>} ck-cart-change - The shopper added a product. `detail`: `{ items, reason: 'add', reference }`.
 *
 * @csspart base - The list's container.
 * @csspart list - The grid of products.
 * @csspart product - One product card.
 * @csspart image - A product's image.
 * @csspart name - A product's name.
 * @csspart description - A product's description.
 * @csspart price - A product's price.
 * @csspart stock - "Only N left" (5 or fewer) or "Sold out" (the add button is then disabled, as it is once the cart holds all that is left), from the catalog's `available`.
 * @csspart add-button - A product's "Add to cart" button.
 * @csspart empty - The message shown when no product matches.
 * @csspart alert - The error shown when the catalog cannot load, with its retry button.
 *
 * @cssproperty --ck-product-list-columns - Minimum width of a product card (default 14rem).
 * @cssproperty --ck-product-list-card-background - Background of a product card.
 */
export class CkProductList extends CkElement {
  static override styles = styles;

  /** Only products of this catalog category (e.g. `phone-case`). Default: every product. */
  @property({ reflect: true }) category?: string;

  /** Hides product descriptions (compact grids). */
  @property({ type: Boolean, attribute: 'hide-description' }) hideDescription = false;

  /** Heading level of product names (2–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 3;

  @state() private announcement = '';

  private readonly kit = new KitController(this);
  private readonly catalog = new CatalogController(this);
  private readonly localize = new LocalizeController<keyof typeof productListEn>(this);
  /** What the cart holds, so "Add to cart" stops at what the shop has left. */
  private readonly cart = new CartController(this);

  protected override willUpdate(): void {
    this.catalog.load(this.kit.endpoint);
  }

  override render() {
    const t = this.localize;
    const { state: loadState, catalog } = this.catalog;
    const busy = loadState === 'loading' || loadState === 'idle';
    return html`
      <section part="base" dir=${t.dir} aria-busy=${busy ? 'true' : 'false'} aria-label=${t.term('products')}>
        <slot name="heading"></slot>
        ${loadState === 'error' && this.catalog.error
          ? html`<div part="alert" role="alert">
              <span>${t.term('catalogError')} ${describeApiError(t, this.catalog.error)}</span>
              <button type="button" class="button" @click=${() => this.catalog.load(this.kit.endpoint, true)}>${t.term('retry')}</button>
            </div>`
          : busy || !catalog
            ? this.renderSkeleton()
            : this.renderProducts(catalog.products.filter((p) => !this.category || p.category === this.category))}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  private renderSkeleton() {
    return html`<ul part="list" aria-label=${this.localize.term('loading')}>
      ${[0, 1, 2].map(
        () => html`<li part="product" class="placeholder">
          <span part="image" class="skeleton"></span><span class="skeleton line"></span><span class="skeleton line short"></span>
        </li>`,
      )}
    </ul>`;
  }

  private renderProducts(products: Product[]) {
    const t = this.localize;
    if (!products.length) return html`<slot name="empty"><p part="empty">${t.term('noProducts')}</p></slot>`;
    const currency = this.catalog.currencyOr(this.kit.currency)!;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    return html`<ul part="list">
      ${repeat(
        products,
        (p) => p.reference,
        (product) => {
          const price = priceIn(product, currency, this.catalog.rates);
          const name = t.text(product, 'name');
          const description = t.text(product, 'description');
          const soldOut = product.available !== undefined && product.available <= 0;
          const inCart = this.cart.store.items.find((i) => i.reference === product.reference)?.quantity ?? 0;
          const allInCart = product.available !== undefined && inCart >= product.available;
          const stock = stockLabel(t, product.available);
          return html`<li part="product" data-reference=${product.reference}>
            ${product.image ? html`<img part="image" src=${product.image} alt="" loading="lazy" />` : html`<span part="image"></span>`}
            <div part="name" role="heading" aria-level=${level}><bdi>${name}</bdi></div>
            ${description && !this.hideDescription ? html`<p part="description"><bdi>${description}</bdi></p>` : nothing}
            <p part="price">${price === undefined ? '—' : formatMoney(price, currency, t.lang)}</p>
            ${stock ? html`<p part="stock" class=${soldOut ? 'sold-out' : 'low'}>${stock}</p>` : nothing}
            <button
              type="button"
              part="add-button"
              class="button primary"
              ?disabled=${price === undefined || soldOut || allInCart}
              @click=${() => this.add(product, price!, currency)}
            >
              ${t.term('addToCart')}<span class="visually-hidden"> ${name}</span>
            </button>
          </li>`;
        },
      )}
    </ul>`;
  }

  private add(product: Product, unitAmount: number, currency: string) {
    const store = this.cart.store;
    // The cart keeps the catalog's own name; each element shows it in its shopper's language.
    store.add({ reference: product.reference, name: product.name, unitAmount, currency, image: product.image });
    // Repeated adds of the same product must still be announced: a live region ignores an unchanged text.
    const message = this.localize.term('addedToCart', this.localize.text(product, 'name'));
    this.announcement = this.announcement === message ? `${message}\u00a0` : message;
    this.emit('ck-cart-change', { items: store.items, reason: 'add', reference: product.reference });
  }
}
