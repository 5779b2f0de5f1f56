/**
 * Defines each `ck-*` element the first time it appears on the page, by loading its group
 * (components/groups/: the elements of one shopper journey, one file in the built kit). A page
 * with a cart and a pay button downloads the shop's and the payment's files (and what they
 * share), not the seat map or the insurance form. Elements that other elements render
 * internally load their own dependencies, by their group too.
 */
import { loadLocale } from './core/localize';

const loaders: Record<string, () => Promise<unknown>> = {
  'ck-provider': () => import('./groups/shop'),
  'ck-product-list': () => import('./groups/shop'),
  'ck-cart': () => import('./groups/shop'),
  'ck-currency-picker': () => import('./groups/core'),
  'ck-checkout': () => import('./groups/checkout'),
  'ck-order-summary': () => import('./groups/pay'),
  'ck-pay-button': () => import('./groups/pay'),
  'ck-payment-result': () => import('./groups/checkout'),
  'ck-gift-card-builder': () => import('./groups/gift-cards-cover'),
  'ck-gift-card-balance': () => import('./groups/gift-cards-cover'),
  'ck-seat-map': () => import('./groups/tickets'),
  'ck-bin-checker': () => import('./groups/tickets'),
  'ck-insurance-form': () => import('./groups/gift-cards-cover'),
  'ck-login': () => import('./groups/account'),
  'ck-order-history': () => import('./groups/account'),
};

export const KIT_TAGS = Object.keys(loaders);

const requested = new Map<string, Promise<unknown>>();

/** Loads and defines one element by tag; resolves when it is defined. */
export function load(tag: string): Promise<unknown> {
  const loader = loaders[tag];
  if (!loader) return Promise.reject(new Error(`checkout-kit has no element <${tag}>`));
  let promise = requested.get(tag);
  if (!promise) {
    promise = loader().catch((error: unknown) => {
      requested.delete(tag);
      console.error(`checkout-kit: could not load <${tag}>`, error);
    });
    requested.set(tag, promise);
  }
  return promise;
}

const SELECTOR = KIT_TAGS.join(',');

function discover(root: ParentNode): void {
  for (const el of root.querySelectorAll(`:is(${SELECTOR}):not(:defined)`)) void load(el.localName);
}

/** Loads every element already on the page and each one added later. */
export function autoload(root: Document = document): void {
  // The strings of the page's language (English ships in the core and needs no request) load
  // alongside the elements' code, not after an element has upgraded and asked for them. Their
  // request goes out first: the elements' are issued a microtask later, not queued ahead of it.
  const kitOnPage = root.querySelector(SELECTOR) !== null;
  if (kitOnPage) void loadLocale(root.documentElement.lang || navigator.language || 'en');
  const start = () => {
    if (root.documentElement.matches(`:is(${SELECTOR})`)) void load(root.documentElement.localName);
    discover(root);
  };
  if (kitOnPage) queueMicrotask(start);
  else start();
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.localName in loaders) void load(node.localName);
        if (node.firstElementChild) discover(node);
      }
    }
  }).observe(root.documentElement, { childList: true, subtree: true });
}

/** Resolves when every kit element now on the page is defined. */
export function allDefined(root: ParentNode = document): Promise<unknown> {
  const tags = new Set([...root.querySelectorAll(SELECTOR)].map((el) => el.localName));
  return Promise.all([...tags].map(load));
}
