import { define } from '../core/base';
import { CkProductList } from './product-list';

define('ck-product-list', CkProductList);

declare global {
  interface HTMLElementTagNameMap {
    'ck-product-list': CkProductList;
  }
}

export { CkProductList };
