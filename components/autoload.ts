/**
 * Defines each `ck-*` element the first time it appears on the page, by loading its group
 * (components/groups/: the elements of one shopper journey, one file in the built kit). A page
 * with a cart and a pay button downloads the shop's and the payment's files (and what they
 * share), not the seat map or the insurance form. Elements that other elements render
 * internally load their own dependencies, by their group too.
 */
import { loadLocale } from './core/localize';

// One loader per group: each import() is compiled with its file's preload list, once.
const core = () => import('./groups/core');
const shop = () => import('./groups/shop');
const pay = () => import('./groups/pay');
const checkout = () => import('./groups/checkout');
const account = () => import('./groups/account');
const giftCardsCover = () => import('./groups/gift-cards-cover');
const tickets = () => import('./groups/tickets');

const loaders: Record<string, () => Promise<unknown>> = {
  'ck-provider': shop,
  'ck-product-list': shop,
  'ck-cart': shop,
  'ck-currency-picker': core,
  'ck-checkout': checkout,
  'ck-order-summary': pay,
  'ck-pay-button': pay,
  'ck-payment-result': checkout,
  'ck-gift-card-builder': giftCardsCover,
  'ck-gift-card-balance': giftCardsCover,
  'ck-seat-map': tickets,
  'ck-bin-checker': tickets,
  'ck-insurance-form': giftCardsCover,
  'ck-login': account,
  'ck-order-history': account,
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
