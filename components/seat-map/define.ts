import { define } from '../core/base';
import { CkSeatMap } from './seat-map';

define('ck-seat-map', CkSeatMap);

declare global {
  interface HTMLElementTagNameMap {
    'ck-seat-map': CkSeatMap;
  }
}

export { CkSeatMap };
