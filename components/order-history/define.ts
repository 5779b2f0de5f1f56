import { define } from '../core/base';
import { CkOrderHistory } from './order-history';

define('ck-order-history', CkOrderHistory);

declare global {
  interface HTMLElementTagNameMap {
    'ck-order-history': CkOrderHistory;
  }
}

export { CkOrderHistory };
