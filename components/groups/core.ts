/** The currency picker, on nearly every page: it rides in the kit's shared core. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkCurrencyPicker } from '../currency-picker/define';
