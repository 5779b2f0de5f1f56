import { define } from '../core/base';
import { CkCart } from './cart';

define('ck-cart', CkCart);

declare global {
  interface HTMLElementTagNameMap {
    'ck-cart': CkCart;
  }
}

export { CkCart };
