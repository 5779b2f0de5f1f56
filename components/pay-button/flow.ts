/**
 * Loading Checkout.com Flow: the emulator's (or any configured) Flow script first, as a plain
 * script element so a strict CSP only needs its origin, then the official loader, which uses
 * `window.CheckoutWebComponents` when it exists. The loader module itself is imported lazily,
 * so the pay button's initial bundle stays small.
 */
import type { CheckoutWebComponents, Options } from '@checkout.com/checkout-web-components';
import { ApiError } from '../core/api';

const scripts = new Map<string, Promise<void>>();

export function loadScript(src: string): Promise<void> {
  if ('CheckoutWebComponents' in window) return Promise.resolve();
  let promise = scripts.get(src);
  if (!promise) {
    promise = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.addEventListener('load', () => resolve());
      script.addEventListener('error', () => {
        scripts.delete(src);
        script.remove();
        reject(new ApiError(0, 'network_error', `Could not load ${src}`));
      });
      document.head.append(script);
    });
    scripts.set(src, promise);
  }
  return promise;
}

/**
 * Fetches Flow ahead of a payment (a pay button came into view) without starting one: the
 * configured Flow script, else Checkout.com's own (the URL the official loader would add), and
 * the loader module. `loadFlow` then finds `window.CheckoutWebComponents` ready.
 */
export async function prepareFlow(scriptUrl?: string): Promise<void> {
  // Already there (loaded before, or a page's own stand-in): nothing to fetch, as the official loader does.
  if ((window as Window & { CheckoutWebComponents?: unknown }).CheckoutWebComponents) return;
  const { CDN_URL } = await import('@checkout.com/checkout-web-components');
  await loadScript(scriptUrl ?? CDN_URL);
}

export async function loadFlow(options: Options, scriptUrl?: string): Promise<CheckoutWebComponents> {
  if (scriptUrl) await loadScript(scriptUrl);
  const { loadCheckoutWebComponents } = await import('@checkout.com/checkout-web-components');
  return loadCheckoutWebComponents(options);
}
