/**
 * An element's first render never waits on the network for its strings: English ships in the
 * kit's core, and a page in another language shows its element at once (in English), then in its
 * own language once that locale's module has arrived. A file of its own: the locales a page has
 * loaded stay loaded, and this needs German not loaded yet.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/cart/define';
import type { CkCart } from '../../components/cart/cart';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const title = (cart: CkCart) => cart.shadowRoot!.querySelector('[part="title"] slot')?.textContent?.trim();

describe('a locale that is not loaded yet', () => {
  beforeEach(() => resetStores());

  it('does not hold the first render: the cart shows at once, then in German when its strings arrive', async () => {
    const cart = await fixture<CkCart>(html`<ck-cart lang="de"></ck-cart>`);
    // The first render is done before German's module could arrive (it was requested by this very render).
    expect(title(cart), 'rendered at once, in English').to.equal('Your cart');
    await waitUntil(() => title(cart) === 'Ihr Warenkorb', 'German arrives and the cart re-renders in it');
    expect(cart.shadowRoot!.querySelector('[part="empty"]')!.textContent!.trim()).to.equal('Ihr Warenkorb ist leer.');
  });
});
