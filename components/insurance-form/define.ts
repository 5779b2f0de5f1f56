import { define } from '../core/base';
import { CkInsuranceForm } from './insurance-form';

define('ck-insurance-form', CkInsuranceForm);

declare global {
  interface HTMLElementTagNameMap {
    'ck-insurance-form': CkInsuranceForm;
  }
}

export { CkInsuranceForm };
