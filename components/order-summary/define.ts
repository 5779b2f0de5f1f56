import { define } from '../core/base';
import { CkOrderSummary } from './order-summary';

define('ck-order-summary', CkOrderSummary);

declare global {
  interface HTMLElementTagNameMap {
    'ck-order-summary': CkOrderSummary;
  }
}

export { CkOrderSummary };
