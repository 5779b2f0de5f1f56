import { define } from '../core/base';
import { CkPayButton } from './pay-button';

define('ck-pay-button', CkPayButton);

declare global {
  interface HTMLElementTagNameMap {
    'ck-pay-button': CkPayButton;
  }
}

export { CkPayButton };
