// How an existing shop wires its own "Add to cart" buttons to the kit's shared cart. The page
// names only catalog references; names and prices come from the proxy's catalog, so what the
// shelf shows is what the proxy charges (the cart re-prices in the shopper's currency).
import { cartStore, formatMoney } from '/kit/checkout-kit.js';

const proxy = new URL('/kit/checkout-kit.js', import.meta.url).origin;
const response = await fetch(`${proxy}/api/catalog`);
const catalog = response.ok ? await response.json() : { products: [] };
const products = new Map(catalog.products.map((p) => [p.reference, p]));
const lang = document.documentElement.lang || navigator.language;

for (const item of document.querySelectorAll('[data-product]')) {
  const product = products.get(item.getAttribute('data-product'));
  // A reference the catalog does not know is not for sale: never invent a name or a price.
  if (!product) {
    item.hidden = true;
    continue;
  }
  item.querySelector('[data-name]').textContent = product.name;
  item.querySelector('[data-price]').textContent = formatMoney(product.price.amount, product.price.currency, lang);
  item.querySelector('[data-add-to-cart]').disabled = false;
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-add-to-cart]') : null;
  const product = button && products.get(button.getAttribute('data-add-to-cart'));
  if (!product) return;
  const { reference, name, image, price } = product;
  cartStore().add({ reference, name, image, unitAmount: price.amount, currency: price.currency });
});
