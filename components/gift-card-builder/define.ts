import { define } from '../core/base';
import { CkGiftCardBuilder } from './gift-card-builder';

define('ck-gift-card-builder', CkGiftCardBuilder);

declare global {
  interface HTMLElementTagNameMap {
    'ck-gift-card-builder': CkGiftCardBuilder;
  }
}

export { CkGiftCardBuilder };
