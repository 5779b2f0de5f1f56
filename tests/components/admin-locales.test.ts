/**
 * The console's strings: their own modules under components/admin/locales/ (never in the shop
 * kit's locales, which every shopper downloads), one per language the kit ships, each with
 * exactly English's keys and every interpolation kept; registered with the kit's localization
 * when the console loads, the page's language on demand.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/admin/index';
import type { CkAdminOrder } from '../../components/admin/order';
import { ADMIN_LOCALES } from '../../components/admin/localize';
import { SUPPORTED_LOCALES } from '../../components/core/localize';
import shopEnglish from './english';
import en, { type AdminTranslation } from '../../components/admin/locales/en';
import ar from '../../components/admin/locales/ar';
import da from '../../components/admin/locales/da';
import de from '../../components/admin/locales/de';
import el from '../../components/admin/locales/el';
import es from '../../components/admin/locales/es';
import fi from '../../components/admin/locales/fi';
import fil from '../../components/admin/locales/fil';
import fr from '../../components/admin/locales/fr';
import hi from '../../components/admin/locales/hi';
import indonesian from '../../components/admin/locales/id';
import italian from '../../components/admin/locales/it';
import ja from '../../components/admin/locales/ja';
import ko from '../../components/admin/locales/ko';
import ms from '../../components/admin/locales/ms';
import nb from '../../components/admin/locales/nb';
import nl from '../../components/admin/locales/nl';
import pt from '../../components/admin/locales/pt';
import sv from '../../components/admin/locales/sv';
import th from '../../components/admin/locales/th';
import vi from '../../components/admin/locales/vi';
import zhCN from '../../components/admin/locales/zh-CN';
import zhHK from '../../components/admin/locales/zh-HK';
import zhTW from '../../components/admin/locales/zh-TW';
import { resetSessions } from '../../components/core/session';
import { mockApi, type MockApi } from '../../stories/support/mock-api';
import { adminRoutes, ORDER } from '../../stories/support/admin-recorded';
import { waitUntil } from '../helpers/wait-until';
import { expectTranslationModule, marked } from '../helpers/translation-module';

const MODULES: Record<string, AdminTranslation> = { en, ar, da, de, el, es, fi, fil, fr, hi, 'id': indonesian, 'it': italian, ja, ko, ms, nb, nl, pt, sv, th, vi, 'zh-CN': zhCN, 'zh-HK': zhHK, 'zh-TW': zhTW };

type FunctionKey = { [K in keyof AdminTranslation]: AdminTranslation[K] extends (...args: never[]) => string ? K : never }[keyof AdminTranslation];
type Args<K extends FunctionKey> = AdminTranslation[K] extends (...args: infer A) => string ? A : never;

const s = marked;

/** Sample arguments for every function of the console's strings (typed: a new one fails the typecheck until it has samples). */
function sampleArgs(n: number): { [K in FunctionKey]: Args<K> } {
  return {
    adminStatusName: ['partially_refunded'],
    adminResults: [n],
    adminPage: [n, n + 2],
    adminOrderTitle: [s('id')],
    adminRefunded: [s('amount')],
    adminRefundable: [s('amount')],
    adminRefundConfirm: [s('amount'), s('id')],
    adminVoidConfirm: [s('id')],
    adminAmountInvalid: [s('max')],
    adminPeriod: [s('from'), s('to')],
    adminMismatches: [n],
    adminKindName: ['refunds_differ'],
    adminResendConfirm: [s('id'), s('to')],
    adminResendQueued: [s('to')],
    adminGiftCard: [s('last4')],
    adminGiftCardBack: [s('amount')],
  };
}

describe('the console’s strings', () => {
  it('are kept out of the shop kit: no shop locale has a console key, and the console has a module for every language the kit ships', () => {
    expect(Object.keys(shopEnglish).filter((k) => k.startsWith('admin'))).to.deep.equal([]);
    expect([...ADMIN_LOCALES].sort()).to.deep.equal([...SUPPORTED_LOCALES].sort());
    expect(Object.keys(MODULES).sort()).to.deep.equal([...SUPPORTED_LOCALES].sort());
  });

  for (const [locale, translation] of Object.entries(MODULES)) {
    it(`${locale}: exactly English's keys, every function answers every sample with its values, and not in English`, () => {
      const same = expectTranslationModule(en, translation, sampleArgs);
      // A handful may read the same in both (e.g. "Status" in Danish or German); most must not.
      if (locale !== 'en') expect(same, 'strings left in English').to.be.below(12);
    });
  }

  describe('in a page’s language', () => {
    let api: MockApi;
    beforeEach(() => resetSessions());
    afterEach(() => {
      api.restore();
      document.documentElement.lang = 'en';
    });

    it('a console element in German loads the German strings and shows them', async () => {
      api = mockApi(adminRoutes('staff'));
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order lang="de" order-id=${ORDER} can-resend></ck-admin-order>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="resend"]')?.textContent?.trim() === de.adminResendReceipt, 'the German resend button');
      expect(el.shadowRoot!.querySelector('caption')?.textContent).to.equal(de.adminItems);
    });
  });
});
