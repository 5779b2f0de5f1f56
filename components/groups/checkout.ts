/** The checkout and the page the shopper comes back to after paying. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkCheckout } from '../checkout/define';
export { CkPaymentResult } from '../payment-result/define';
