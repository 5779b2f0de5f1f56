import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/cart/define';
import '../../components/checkout/define';
import '../../components/order-summary/define';
import '../../components/pay-button/define';
import '../../components/provider/define';
import '../../components/product-list/define';
import '../../components/currency-picker/define';
import '../../components/payment-result/define';
import '../../components/login/define';
import '../../components/order-history/define';
import '../../components/gift-card-builder/define';
import '../../components/gift-card-balance/define';
import '../../components/insurance-form/define';
import '../../components/bin-checker/define';
import '../../components/seat-map/define';
import { KIT_TAGS } from '../../components/autoload';
import { DEMO_EVENTS, demoLayout, mockSeatApi, type SeatApiMock } from '../helpers/seat-map-mock';
import type { CkCart } from '../../components/cart/cart';
import type { CkCheckout } from '../../components/checkout/checkout';
import type { CkPayButton } from '../../components/pay-button/pay-button';
import type { CkProvider } from '../../components/provider/provider';
import { isRtl, loadLocale, registerTranslations, resolveLocale, SUPPORTED_LOCALES, type Translation } from '../../components/core/localize';
import { CHECKOUT_LOCALES } from '../../contract/checkout-locale';
import { cartStore, checkoutDraftStore } from '../../components/core/store';
import { json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { filledDraft, resetStores } from '../../stories/support/seed';
import { paymentStatus } from '../../stories/support/recorded';
import coreEnglish from '../../components/core/locales/en';
import en, { ELEMENT_ENGLISH } from './english';
import ar from '../../components/core/locales/ar';
import da from '../../components/core/locales/da';
import de from '../../components/core/locales/de';
import el from '../../components/core/locales/el';
import es from '../../components/core/locales/es';
import fi from '../../components/core/locales/fi';
import fil from '../../components/core/locales/fil';
import fr from '../../components/core/locales/fr';
import hi from '../../components/core/locales/hi';
import indonesian from '../../components/core/locales/id';
import italian from '../../components/core/locales/it';
import ja from '../../components/core/locales/ja';
import ko from '../../components/core/locales/ko';
import ms from '../../components/core/locales/ms';
import nb from '../../components/core/locales/nb';
import nl from '../../components/core/locales/nl';
import pt from '../../components/core/locales/pt';
import sv from '../../components/core/locales/sv';
import th from '../../components/core/locales/th';
import vi from '../../components/core/locales/vi';
import zhCN from '../../components/core/locales/zh-CN';
import zhHK from '../../components/core/locales/zh-HK';
import zhTW from '../../components/core/locales/zh-TW';
import { expectTranslationModule, marked } from '../helpers/translation-module';

const MODULES: Record<string, Translation> = {
  en, ar, da, de, el, es, fi, fil, fr, hi, id: indonesian, it: italian, ja, ko, ms, nb, nl, pt, sv, th, vi, 'zh-CN': zhCN, 'zh-HK': zhHK, 'zh-TW': zhTW,
};

type FunctionKey = { [K in keyof Translation]: Translation[K] extends (...args: never[]) => string ? K : never }[keyof Translation];
type Args<K extends FunctionKey> = Translation[K] extends (...args: infer A) => string ? A : never;

const s = marked;

/**
 * Sample arguments for every function of a translation, counts set to `n`. Typed against
 * `Translation`: a new plural or interpolation in en.ts fails the typecheck until it has samples.
 */
function sampleArgs(n: number): { [K in FunctionKey]: Args<K> } {
  return {
    cartItems: [n],
    quantityOf: [s('name')],
    decreaseQuantity: [s('name')],
    increaseQuantity: [s('name')],
    removeItem: [s('name')],
    eachPrice: [s('price')],
    itemRemoved: [s('name')],
    quantityChanged: [s('name'), n],
    editNamed: [s('section')],
    errorRateLimited: [n],
    addedToCart: [s('name')],
    couponApplied: [s('code')],
    removeCoupon: [s('code')],
    discountWithCode: [s('code')],
    fxNote: [s('date')],
    seatsLost: [n],
    seatsRefunding: [s('amount')],
    seatsRefundFailed: [s('amount')],
    stepAnnouncement: [s('title')],
    deliveryDays: [n, n + 3],
    fixErrors: [n],
    fieldTooLong: [n],
    seatMapLabel: [s('venue')],
    seatLabel: [s('row'), s('seat'), s('category'), s('price'), s('status')],
    seatAdded: [s('label'), n],
    seatRemoved: [s('label')],
    seatNotAvailable: [s('label')],
    seatLimit: [n],
    seatTaken: [s('labels')],
    seatListAvailable: [n],
    seatListRow: [s('row')],
    seatListBackToRows: [s('section')],
    seatSelection: [n, n + 4],
    seatRemove: [s('label')],
    seatHoldButton: [n],
    seatsHeld: [n, s('time')],
    seatHoldCountdown: [s('time')],
    seatHoldExtended: [s('time')],
    cardTypeName: ['debit'],
    binRuleSchemes: [s('list')],
    binRuleCardTypes: [s('list')],
    binRuleIssuers: [s('list')],
    binRuleCountries: [s('list')],
    loggedInAs: [s('name')],
    loginRateLimited: [n],
    loginSucceeded: [s('name')],
    giftCardNotSold: [s('currency')],
    giftCardCustomAmountIn: [s('currency')],
    giftCardAmountRange: [s('min'), s('max')],
    giftCardAmountOutOfRange: [s('min'), s('max')],
    giftCardCharactersLeft: [n, n + 7],
    giftCardQuantityRange: [n],
    giftCardTo: [s('name')],
    giftCardFrom: [s('name')],
    giftCardDeliversOn: [s('date')],
    insuranceStepOf: [n, n + 2, s('title')],
    insuranceFromPerMonth: [s('amount')],
    insuranceAgeRange: [n, n + 50],
    insuranceOptions: [s('plan')],
    insurancePlusPerMonth: [s('amount')],
    insuranceQuoteReady: [s('amount')],
    insuranceAgeLoading: [n],
    insuranceQuoteValid: [s('time')],
    resultVoidedText: [s('event')],
    resultVoidedGeneralSale: [s('date')],
    errorTooManyPaymentAttempts: [n],
    identifyCreateHint: [n],
    passwordTooShort: [n],
    accountCreated: [s('name')],
    ordersPage: [n, n + 1],
    orderLine: [n, s('name')],
    orderDetailsOf: [s('id')],
    orderDetailTitle: [s('id')],
    stockOnlyLeft: [n],
    giftCardEnding: [s('last4')],
    giftCardBalance: [s('amount'), s('last4')],
    giftCardValidUntil: [s('date')],
    giftCardExpired: [s('date')],
    giftCardWrongCurrency: [s('currency')],
    giftCardMasked: [s('last4')],
  };
}


/** Every text a shopper sees or hears from an element: text nodes and labels, through nested shadow roots. */
function shownTexts(root: Node): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent!.trim();
      if (text) out.push(text);
      return;
    }
    if (node instanceof Element) {
      if (node.localName === 'style' || node.localName === 'script') return;
      for (const name of ['aria-label', 'aria-roledescription', 'placeholder', 'title', 'alt']) {
        const value = node.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}

const q = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
/** A cart's heading without its item count. */
const cartTitle = (cart: Element) => q(cart, '[part="title"] slot')?.textContent?.trim();

describe('localization', () => {
  let api: MockApi | undefined;
  beforeEach(() => resetStores());
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  describe('the locale modules', () => {
    it('are the 24 locales of Checkout.com Flow, each a module of its own', () => {
      expect([...SUPPORTED_LOCALES].sort()).to.deep.equal(Object.keys(MODULES).sort());
      expect(SUPPORTED_LOCALES).to.have.length(24);
      // Every Flow locale reads a translation of its own language (en-GB reads English).
      for (const flow of CHECKOUT_LOCALES) {
        const resolved = resolveLocale(flow);
        expect(new Intl.Locale(resolved).language, flow).to.equal(new Intl.Locale(flow).language);
      }
    });

    for (const [locale, translation] of Object.entries(MODULES)) {
      it(`${locale}: exactly English's keys, and every function answers every sample with its values in a sentence`, () => {
        expectTranslationModule(en, translation, sampleArgs);
        expect(translation.cardTypeName('credit'), 'card types are translated').to.not.equal('credit');
      });
    }
  });

  describe('resolveLocale', () => {
    const table: Array<[string | undefined, string]> = [
      [undefined, 'en'],
      ['', 'en'],
      ['not a tag!', 'en'],
      ['en-US', 'en'],
      ['EN-gb', 'en'],
      ['fr-CA', 'fr'],
      ['de-CH', 'de'],
      ['pt-BR', 'pt'],
      ['pt-PT', 'pt'],
      ['nb', 'nb'],
      ['nb-NO', 'nb'],
      ['no', 'nb'],
      ['nn-NO', 'nb'],
      ['tl', 'fil'],
      ['fil-PH', 'fil'],
      ['in', 'id'],
      ['ms-MY', 'ms'],
      ['zh', 'zh-CN'],
      ['zh-SG', 'zh-CN'],
      ['zh-Hans-HK', 'zh-CN'],
      ['zh-HK', 'zh-HK'],
      ['zh-MO', 'zh-HK'],
      ['zh-Hant-HK', 'zh-HK'],
      ['yue', 'zh-HK'],
      ['zh-TW', 'zh-TW'],
      ['zh-Hant', 'zh-TW'],
      ['zh-Hant-TW', 'zh-TW'],
      ['ar-EG', 'ar'],
      ['el-GR', 'el'],
      ['hi-IN', 'hi'],
      ['hi-Latn', 'en'],
      ['ko-KR', 'ko'],
      ['ja-JP', 'ja'],
      ['th-TH', 'th'],
      ['vi-VN', 'vi'],
      ['sv-FI', 'sv'],
      ['da-DK', 'da'],
      ['fi-FI', 'fi'],
      ['it-CH', 'it'],
      ['nl-BE', 'nl'],
      ['es-MX', 'es'],
      ['pl-PL', 'en'],
    ];
    for (const [tag, expected] of table) {
      it(`${String(tag)} → ${expected}`, () => expect(resolveLocale(tag)).to.equal(expected));
    }

    it('reads right to left only what is written right to left', () => {
      expect(isRtl('ar')).to.equal(true);
      expect(isRtl('ar-MA')).to.equal(true);
      for (const tag of SUPPORTED_LOCALES.filter((l) => l !== 'ar')) expect(isRtl(tag), tag).to.equal(false);
      // Hebrew text is shown in English until a merchant adds Hebrew: English reads left to right.
      expect(isRtl('he')).to.equal(false);
      registerTranslations('he', { cartTitle: 'העגלה שלך' });
      expect(resolveLocale('he-IL')).to.equal('he');
      expect(isRtl('he-IL')).to.equal(true);
    });
  });

  describe('registerTranslations', () => {
    it('overrides one string of a shipped locale, re-rendering the elements already shown, the others staying', async () => {
      cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
      api = mockApi();
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="fr-CA"><ck-cart></ck-cart></div>`);
      const cart = wrapper.querySelector<CkCart>('ck-cart')!;
      await waitUntil(() => cartTitle(cart) === 'Votre panier', 'French loads');
      registerTranslations('fr', { cartTitle: 'Mon panier' });
      await waitUntil(() => cartTitle(cart) === 'Mon panier', 'the shown cart re-renders with the override');
      expect(q(cart, '[part="remove-button"]')!.textContent!.trim(), 'the other strings stay French').to.equal('Retirer');
    });

    it('adds a language the kit does not ship: its strings where given, English for the rest', async () => {
      cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
      api = mockApi();
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="pl-PL"><ck-cart></ck-cart></div>`);
      const cart = wrapper.querySelector<CkCart>('ck-cart')!;
      await waitUntil(() => cartTitle(cart) === 'Your cart', 'English before Polish exists');
      registerTranslations('pl', { cartTitle: 'Twój koszyk', cartItems: (count) => `${count} ${count === 1 ? 'produkt' : 'produkty'}` });
      await waitUntil(() => cartTitle(cart) === 'Twój koszyk', 'Polish is used once registered');
      expect(q(cart, '[part="remove-button"]')!.textContent!.trim(), 'a string Polish lacks falls back to English').to.equal('Remove');
    });

    it('refuses a tag that is no language', () => {
      expect(() => registerTranslations('not a tag!', { cartTitle: 'x' })).to.throw(RangeError);
    });
  });

  describe('ck-provider translations', () => {
    it('gives its subtree the merchant’s strings (property or JSON attribute), and only its subtree', async () => {
      cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
      api = mockApi();
      const page = await fixture<HTMLDivElement>(html`<div lang="es">
        <ck-provider .translations=${{ ES: { cartTitle: 'Tu cesta' } }}><ck-cart id="inside"></ck-cart></ck-provider>
        <ck-provider translations='{"es": {"cartTitle": "Cesta de la compra"}}'><ck-cart id="attribute"></ck-cart></ck-provider>
        <ck-cart id="outside"></ck-cart>
      </div>`);
      const title = (id: string) => cartTitle(page.querySelector(`#${id}`)!);
      await waitUntil(() => title('inside') === 'Tu cesta' && title('attribute') === 'Cesta de la compra', 'both providers’ strings');
      await waitUntil(() => title('outside') === 'Tu carrito', 'outside any provider: the shipped Spanish');

      const provider = page.querySelector<CkProvider>('ck-provider')!;
      provider.translations = { es: { cartTitle: 'Mi cesta' } };
      await waitUntil(() => title('inside') === 'Mi cesta', 'a new translations object re-renders the subtree');
      provider.translations = undefined;
      await waitUntil(() => title('inside') === 'Tu carrito', 'removing them brings the shipped strings back');
    });
  });

  describe('through shadow roots', () => {
    it('a ck-order-summary inside ck-checkout follows the host page’s language and direction, and their changes', async () => {
      cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
      checkoutDraftStore().set({ ...filledDraft, step: 'review' });
      api = mockApi();
      // lang only, no dir: the direction comes from the language, as a merchant would expect.
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar"><ck-checkout></ck-checkout></div>`);
      const checkout = wrapper.querySelector<CkCheckout>('ck-checkout')!;
      await waitUntil(() => q(checkout, 'ck-order-summary'), 'the review step shows the order summary');
      const summary = q(checkout, 'ck-order-summary')!;
      const title = () => q(summary, '[part="title"]')?.textContent?.trim();
      await waitUntil(() => q(summary, '[part="total"]'), 'the order is priced');
      await waitUntil(() => title() === ar.orderSummary, `Arabic title, saw "${title()}"`);
      expect(q(summary, '[part="subtotal"] dt')!.textContent).to.equal(ar.subtotal);
      expect(q(summary, '[part="total"] dt')!.textContent).to.equal(ar.total);
      expect(q(summary, '[part="base"]')!.dir).to.equal('rtl');
      expect(getComputedStyle(q(summary, '[part="base"]')!).direction).to.equal('rtl');
      expect(q(checkout, '[part="base"]')!.dir, 'the checkout itself').to.equal('rtl');

      wrapper.lang = 'fr';
      await waitUntil(() => title() === fr.orderSummary, 'the nested summary follows a change of the host page’s lang');
      expect(q(summary, '[part="base"]')!.dir).to.equal('ltr');

      wrapper.dir = 'rtl';
      await waitUntil(() => q(summary, '[part="base"]')!.dir === 'rtl', 'and of its dir');
    });
  });

  describe('the pay button and Flow', () => {
    type FlowOptions = { locale: string; paymentSession: { id: string } };
    const flow: { options?: FlowOptions } = {};
    before(() => {
      (window as unknown as { CheckoutWebComponents: unknown }).CheckoutWebComponents = async (options: FlowOptions) => {
        flow.options = options;
        const component = { mount: () => component, unmount: () => component };
        return { create: () => component };
      };
    });

    const cases: Array<[string, string]> = [
      ['pt-BR', 'pt-PT'],
      ['zh-Hant-TW', 'zh-TW'],
      ['zh-MO', 'zh-HK'],
      ['nn-NO', 'nb-NO'],
      ['de-AT', 'de-DE'],
      ['en-US', 'en-GB'],
      ['ar-AE', 'ar'],
    ];
    for (const [page, expected] of cases) {
      it(`a page in ${page} gives Flow ${expected} and the proxy the whole tag`, async () => {
        flow.options = undefined;
        cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
        checkoutDraftStore().set({ customer: { email: 'mei@example.com', name: 'Mei Chan' }, shippingAddress: { line1: '1 Queen’s Road', city: 'Central', country: 'HK' } });
        const order = { id: 'ord_1', currency: 'HKD', lines: [], subtotal: 19900, discount: 0, shipping: 0, tax: 0, amount: 19900 };
        api = mockApi({ 'POST /create-payment-sessions': () => json({ order, paymentSession: { id: 'ps_1', payment_session_secret: 's', payment_session_token: 't' } }, 201) });
        const wrapper = await fixture<HTMLDivElement>(html`<div lang=${page}><ck-pay-button></ck-pay-button></div>`);
        const button = wrapper.querySelector<CkPayButton>('ck-pay-button')!;
        await waitUntil(() => q(button, '[part="button"]'), 'the button renders');
        q(button, '[part="button"]')!.click();
        await waitUntil(() => flow.options, 'Flow is loaded');
        expect(flow.options!.locale).to.equal(expected);
        const body = api.calls.find((c) => c.path === '/create-payment-sessions')!.body as { locale?: string };
        expect(body.locale, 'the proxy maps the same tag for the session').to.equal(page);
      });
    }
  });

  describe('every element in every locale', () => {
    /** Each element of the kit, and what shows it has rendered its content (not a loading state). */
    const ELEMENTS: Array<{ tag: string; markup: ReturnType<typeof html>; ready: (el: Element) => unknown }> = [
      { tag: 'ck-product-list', markup: html`<ck-product-list></ck-product-list>`, ready: (el) => q(el, '[part="add-button"]') },
      { tag: 'ck-currency-picker', markup: html`<ck-currency-picker></ck-currency-picker>`, ready: (el) => q(el, 'select:not([disabled])') },
      { tag: 'ck-cart', markup: html`<ck-cart></ck-cart>`, ready: (el) => q(el, '[part="line-item"]') },
      { tag: 'ck-order-summary', markup: html`<ck-order-summary></ck-order-summary>`, ready: (el) => q(el, '[part="total"]') },
      {
        tag: 'ck-checkout',
        markup: html`<ck-checkout></ck-checkout>`,
        ready: (el) => q(el, 'ck-order-summary') && q(q(el, 'ck-order-summary')!, '[part="total"]') && q(q(el, 'ck-pay-button')!, '[part="button"]'),
      },
      { tag: 'ck-pay-button', markup: html`<ck-pay-button></ck-pay-button>`, ready: (el) => q(el, '[part="button"]') },
      // A declined payment: a verified success would empty the cart the other elements show.
      { tag: 'ck-payment-result', markup: html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`, ready: (el) => q(el, '[part="base"][aria-busy="false"] [part="message"]') },
      { tag: 'ck-login', markup: html`<ck-login></ck-login>`, ready: (el) => q(el, 'form') },
      // Logged out: its message and the log-in form by email.
      { tag: 'ck-order-history', markup: html`<ck-order-history></ck-order-history>`, ready: (el) => el.shadowRoot?.querySelector('ck-login')?.shadowRoot?.querySelector('form') },
      { tag: 'ck-gift-card-builder', markup: html`<ck-gift-card-builder></ck-gift-card-builder>`, ready: (el) => q(el, 'form') },
      { tag: 'ck-gift-card-balance', markup: html`<ck-gift-card-balance></ck-gift-card-balance>`, ready: (el) => q(el, 'form') },
      { tag: 'ck-insurance-form', markup: html`<ck-insurance-form></ck-insurance-form>`, ready: (el) => q(el, '[part="step"]') || q(el, '[part="login"]') },
      { tag: 'ck-bin-checker', markup: html`<ck-bin-checker event-id=${DEMO_EVENTS.hall.id}></ck-bin-checker>`, ready: (el) => q(el, 'input') },
      {
        tag: 'ck-seat-map',
        markup: html`<ck-seat-map event-id=${DEMO_EVENTS.hall.id} style="--ck-seat-map-height: 240px; inline-size: 480px"></ck-seat-map>`,
        ready: (el) => q(el, '[part="legend"]'),
      },
    ];
    let seats: SeatApiMock | undefined;
    afterEach(() => {
      seats?.restore();
      seats = undefined;
    });

    it('covers every element the kit defines', () => {
      expect(ELEMENTS.map((e) => e.tag).sort()).to.deep.equal(KIT_TAGS.filter((tag) => tag !== 'ck-provider').sort());
    });

    it('en: each element shows its own English, which loaded with it (no raw key anywhere)', async () => {
      cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
      checkoutDraftStore().set({ ...filledDraft, step: 'review' });
      api = mockApi({ 'GET /api/payments/': paymentStatus('failed') });
      seats = mockSeatApi({ events: { [DEMO_EVENTS.hall.id]: demoLayout('hall') } });
      const page = await fixture<HTMLDivElement>(html`<div lang="en">${ELEMENTS.map((e) => e.markup)}</div>`);
      for (const { tag, ready } of ELEMENTS) {
        const el = page.querySelector(tag)!;
        await waitUntil(() => ready(el), `${tag} renders in English`, { timeout: 5000 });
      }
      const texts = shownTexts(page);
      const keys = new Set(Object.keys(en).filter((key) => /[A-Z]/.test(key)));
      expect(texts.filter((text) => keys.has(text)), 'raw keys').to.deep.equal([]);
      // One string of each element's own file (not the core's), as the shopper reads it.
      for (const key of ['stepReview', 'orderSummary', 'addToCart', 'loginTitle', 'giftCardTitle', 'binLabel', 'seatLegend'] as const) {
        expect(texts, key).to.include(en[key]);
      }
    });

    it("an element's own English is in one place: no key in two elements' files or in one and the core's", () => {
      const seen = new Map<string, string>(Object.keys(coreEnglish).map((key) => [key, 'the core']));
      const twice: string[] = [];
      for (const [tag, strings] of Object.entries(ELEMENT_ENGLISH)) {
        for (const key of Object.keys(strings)) {
          if (seen.has(key)) twice.push(`${key}: ${seen.get(key)} and ${tag}`);
          seen.set(key, tag);
        }
      }
      expect(twice).to.deep.equal([]);
      expect([...seen.keys()].sort()).to.deep.equal(Object.keys(en).sort());
    });

    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      it(`${locale}: no element shows a key or English where the locale has its own words`, async () => {
        const translation = MODULES[locale]!;
        await loadLocale(locale);
        cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
        checkoutDraftStore().set({ ...filledDraft, step: 'review' });
        api = mockApi({ 'GET /api/payments/': paymentStatus('failed') });
        seats = mockSeatApi({ events: { [DEMO_EVENTS.hall.id]: demoLayout('hall') } });
        const page = await fixture<HTMLDivElement>(html`<div lang=${locale}>${ELEMENTS.map((e) => e.markup)}</div>`);
        for (const { tag, ready } of ELEMENTS) {
          const el = page.querySelector(tag)!;
          await waitUntil(() => ready(el), `${tag} renders in ${locale}`, { timeout: 5000 });
        }
        const texts = shownTexts(page);
        const keys = new Set(Object.keys(en).filter((key) => /[A-Z]/.test(key)));
        const own = new Set(Object.values(translation).filter((v): v is string => typeof v === 'string'));
        const untranslated = new Set(
          (Object.keys(en) as Array<keyof Translation>)
            .filter((key) => typeof en[key] === 'string' && translation[key] !== en[key])
            .map((key) => en[key] as string)
            .filter((text) => !own.has(text)),
        );
        expect(texts.filter((text) => keys.has(text)), 'raw keys').to.deep.equal([]);
        expect(texts.filter((text) => untranslated.has(text)), 'English left in a translated place').to.deep.equal([]);
        for (const key of ['stepReview', 'orderSummary', 'addToCart', 'loginTitle', 'giftCardTitle', 'binLabel', 'seatLegend'] as const) {
          expect(texts, key).to.include(translation[key]);
        }
        const direction = isRtl(locale) ? 'rtl' : 'ltr';
        for (const { tag } of ELEMENTS) {
          const base = q(page.querySelector(tag)!, '[part="base"]');
          if (base) expect(base.dir, `${tag} direction`).to.equal(direction);
        }
        expect(q(q(page.querySelector('ck-checkout')!, 'ck-order-summary')!, '[part="base"]')!.dir, 'the nested summary').to.equal(direction);
      });
    }
  });
});
