import { define } from '../core/base';
import { CkProvider } from './provider';

define('ck-provider', CkProvider);

declare global {
  interface HTMLElementTagNameMap {
    'ck-provider': CkProvider;
  }
}

export { CkProvider };
