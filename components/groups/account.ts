/** The shopper's account: logging in and the order history. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkLogin } from '../login/define';
export { CkOrderHistory } from '../order-history/define';
