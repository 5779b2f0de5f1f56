import { define } from '../core/base';
import { CkCheckout } from './checkout';

define('ck-checkout', CkCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'ck-checkout': CkCheckout;
  }
}

export { CkCheckout };
