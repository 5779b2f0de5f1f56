// The demo shop's header: a live cart count. Plain module, no inline script (strict CSP).
import { cartStore } from '/kit/checkout-kit.js';

const cart = cartStore();
const render = () => {
  for (const badge of document.querySelectorAll('[data-cart-count]')) badge.textContent = String(cart.count);
};
cart.addEventListener('change', render);
render();
