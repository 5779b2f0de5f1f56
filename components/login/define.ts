import { define } from '../core/base';
import { CkLogin } from './login';

define('ck-login', CkLogin);

declare global {
  interface HTMLElementTagNameMap {
    'ck-login': CkLogin;
  }
}

export { CkLogin };
