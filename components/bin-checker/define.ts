import { define } from '../core/base';
import { CkBinChecker } from './bin-checker';

define('ck-bin-checker', CkBinChecker);

declare global {
  interface HTMLElementTagNameMap {
    'ck-bin-checker': CkBinChecker;
  }
}

export { CkBinChecker };
