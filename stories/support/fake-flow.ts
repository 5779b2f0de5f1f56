/**
 * A stand-in for Checkout.com Flow in Storybook (offline, no keys): defines
 * `window.CheckoutWebComponents`, which the official loader then uses — the same hook the
 * emulator's Flow script uses. It renders a plain card form so designers can see the
 * pay button with Flow mounted.
 */
import type { Options } from '@checkout.com/checkout-web-components';

type Win = Window & { CheckoutWebComponents?: (options: Options) => Promise<unknown> };

export function installFakeFlow(): void {
  const win = window as Win;
  if (win.CheckoutWebComponents) return;
  win.CheckoutWebComponents = async (options: Options) => ({
    update: async () => {},
    create: () => {
      let root: HTMLElement | undefined;
      const component = {
        mount(target: HTMLElement) {
          root = document.createElement('form');
          root.className = 'fake-flow';
          root.style.cssText = 'display:grid;gap:.5rem;padding:1rem;border:1px dashed #8a8f98;border-radius:8px';
          const field = (label: string, placeholder: string) => {
            const wrap = document.createElement('label');
            wrap.style.cssText = 'display:grid;gap:.25rem';
            wrap.textContent = label;
            const input = document.createElement('input');
            input.placeholder = placeholder;
            input.style.cssText = 'font:inherit;padding:.5rem';
            wrap.append(input);
            return wrap;
          };
          const pay = document.createElement('button');
          pay.textContent = 'Pay (Storybook Flow)';
          pay.style.cssText = 'font:inherit;padding:.6rem;background:' + String(options.appearance?.colorAction ?? '#0b57d0') + ';color:#fff;border:0;border-radius:6px';
          root.append(field('Card number', '4242 4242 4242 4242'), field('Expiry date', 'MM/YY'), field('Security code', 'CVC'), pay);
          root.addEventListener('submit', (event) => {
            event.preventDefault();
            options.onPaymentCompleted?.(component as never, { id: 'pay_storybook00000000000000000', status: 'Approved', type: 'card' });
          });
          target.append(root);
          return component;
        },
        unmount() {
          root?.remove();
          return component;
        },
      };
      return component;
    },
  });
}
