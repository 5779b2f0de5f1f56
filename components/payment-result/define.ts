import { define } from '../core/base';
import { CkPaymentResult } from './payment-result';

define('ck-payment-result', CkPaymentResult);

declare global {
  interface HTMLElementTagNameMap {
    'ck-payment-result': CkPaymentResult;
  }
}

export { CkPaymentResult };
