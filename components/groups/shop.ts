/** The shop's elements: the product list, the cart and the provider. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkCart } from '../cart/define';
export { CkProductList } from '../product-list/define';
export { CkProvider } from '../provider/define';
