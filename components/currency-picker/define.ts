import { define } from '../core/base';
import { CkCurrencyPicker } from './currency-picker';

define('ck-currency-picker', CkCurrencyPicker);

declare global {
  interface HTMLElementTagNameMap {
    'ck-currency-picker': CkCurrencyPicker;
  }
}

export { CkCurrencyPicker };
