// How an existing shop wires its own "Add to cart" buttons to the kit's shared cart.
import { cartStore } from '/kit/checkout-kit.js';

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-add-to-cart]') : null;
  if (!button) return;
  cartStore().add(JSON.parse(button.getAttribute('data-add-to-cart')));
});
