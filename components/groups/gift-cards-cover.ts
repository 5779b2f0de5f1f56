/** Gift cards and cover: the gift card builder and balance check, and the insurance form. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkGiftCardBuilder } from '../gift-card-builder/define';
export { CkGiftCardBalance } from '../gift-card-balance/define';
export { CkInsuranceForm } from '../insurance-form/define';
