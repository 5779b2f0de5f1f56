import { expect, fixture, html } from '@open-wc/testing';
import '../../components/provider/define';
import '../../components/currency-picker/define';
import type { CkProvider } from '../../components/provider/provider';
import { ApiError, apiRequest, newIdempotencyKey } from '../../components/core/api';
import { apiError, mockApi, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

describe('ck-provider and the API client', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it('gives its subtree a default currency, a language and a colour scheme', async () => {
    api = mockApi();
    const el = await fixture<CkProvider>(html`<ck-provider currency="eur" locale="fr" theme="dark"><ck-currency-picker></ck-currency-picker></ck-provider>`);
    const picker = el.querySelector('ck-currency-picker')!;
    const select = () => picker.shadowRoot!.querySelector('select')!;
    await waitUntil(() => select() && !select().disabled, 'currencies load');
    expect(select().value).to.equal('EUR');
    expect(el.lang).to.equal('fr');
    expect(getComputedStyle(picker).colorScheme).to.equal('dark');
    await waitUntil(() => picker.shadowRoot!.querySelector('label')!.textContent === 'Devise', 'French loads');
  });

  it('parses the error shape into ApiError with fields and Retry-After', async () => {
    api = mockApi({ 'POST /api/x': () => apiError(429, 'rate_limited', { fields: [{ path: 'a', message: 'b' }], headers: { 'retry-after': '7' } }) });
    const error = await apiRequest(location.origin, '/api/x', { body: {} }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ApiError);
    expect(error).to.include({ status: 429, code: 'rate_limited', retryAfter: 7, retryable: true });
    expect((error as ApiError).fields).to.deep.equal([{ path: 'a', message: 'b' }]);
  });

  it('times out with a typed error: its deadline aborts the request', async () => {
    // A proxy that never answers: only the request's own abort signal can end this call (the
    // stub rejects it when the signal fires); a client that did not abort would hang here.
    api = mockApi({ 'GET /api/slow': { delay: Infinity } });
    const error = await apiRequest(location.origin, '/api/slow', { timeout: 10 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ApiError);
    expect(error).to.include({ status: 0, code: 'timeout', retryable: true });
    expect(api.calls.map((c) => c.path)).to.deep.equal(['/api/slow']);
  });

  it("the caller's own abort ends the request too, and is not reported as a time-out", async () => {
    api = mockApi({ 'GET /api/slow': { delay: Infinity } });
    const controller = new AbortController();
    const pending = apiRequest(location.origin, '/api/slow', { signal: controller.signal }).catch((e: unknown) => e);
    await waitUntil(() => api.calls.length === 1, 'the request is sent');
    controller.abort();
    const error = await pending;
    expect(error).not.to.be.instanceOf(ApiError);
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('makes RFC 4122 v4 idempotency keys', () => {
    const key = newIdempotencyKey();
    expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.to.equal(key);
  });
});
