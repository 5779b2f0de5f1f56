/**
 * Every `ck-*` event the kit fires, with its typed `detail`. Elements fire them
 * bubbling and composed so a host page can listen anywhere above the element.
 */
import type { CartItem } from './store';

export interface CkCartChangeDetail {
  /** The cart after the change. */
  items: readonly CartItem[];
  /** What the shopper did. */
  reason: 'quantity' | 'remove' | 'add' | 'clear';
  /** The product reference the change was about, when there is one. */
  reference?: string;
}

export interface CkEventMap {
  'ck-cart-change': CustomEvent<CkCartChangeDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CkEventMap {}
}
