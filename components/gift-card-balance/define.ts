import { define } from '../core/base';
import { CkGiftCardBalance } from './gift-card-balance';

define('ck-gift-card-balance', CkGiftCardBalance);

declare global {
  interface HTMLElementTagNameMap {
    'ck-gift-card-balance': CkGiftCardBalance;
  }
}

export { CkGiftCardBalance };
