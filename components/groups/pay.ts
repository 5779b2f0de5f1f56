/** Paying: the pay button (with its payment step and Flow's loader) and the order summary beside it. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkPayButton } from '../pay-button/define';
export { CkOrderSummary } from '../order-summary/define';
