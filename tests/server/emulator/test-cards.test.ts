import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_CARDS } from '../../../server/emulator/cards';
import { emulator, get, paymentBody, post } from './helpers';

/**
 * Every documented test card, with expectations written out from docs/checkout-api-facts.md §7 rather
 * than read back from the emulator's own table.
 */

const DECLINES: Array<[string, string, string]> = [
  ['4734868958733862', '200N7', 'Decline for CVV2 failure'],
  ['4567361325981788', '200R3', 'Issuer stop payment for all authorizations'],
  ['4111111111111129', '20001', 'Refer to card issuer'],
  ['4024007103573027', '20012', 'Invalid transaction'],
  ['4158596042924182', '20012', 'Invalid transaction'],
  ['4485381577182090', '20014', 'Invalid card number'],
  ['4544249167673670', '20051', 'Insufficient Funds'],
  ['4724117215951699', '20054', 'Expired Card'],
  ['4000141680788456', '20054', 'Expired Card'],
  ['4659465888705671', '20057', 'Transaction not permitted to cardholder'],
  ['4151512736305999', '20057', 'Transaction not permitted to cardholder'],
  ['4897453568485113', '20059', 'Suspected fraud'],
  ['4000144348235050', '20059', 'Suspected fraud'],
  ['4556294593757189', '20061', 'Activity amount limit exceeded'],
  ['4818924250131070', '20062', 'Restricted card'],
  ['4556253752712245', '20063', 'Security violation'],
  ['4095254802642505', '20068', 'Response received too late / Timeout'],
  ['4532819413487978', '20078', 'Blocked, first used'],
  ['4500622868341387', '20154', '3D Secure authentication required'],
  ['4024007162185267', '30015', 'No such issuer'],
  ['4655710037275959', '30015', 'No such issuer'],
  ['4941202060999329', '30041', 'Lost card - Pick up'],
  ['4658620059821613', '30041', 'Lost card - Pick up'],
  ['4539253655711767', '30043', 'Stolen card - Pick up'],
  ['4745820750643143', '30043', 'Stolen card - Pick up'],
  ['4276038578596818', '2005C', 'Not supported / blocked by issuer'],
  ['4152812521833588', '2009G', 'Blocked by cardholder'],
  ['4000148147058142', '20020', 'Please retry transaction'],
];

const APPROVALS = [
  '4242424242424242', '4000020000000000', '4273149019799094', '4659105569051157', '4543474002249996', '5436031030606378',
  '2223000010479399', '5199992312641465', '4658584090000001', '5000186622346654', '6011111111111117', '30123456789019',
  '3530111333300000', '4895370000000007', '5456160000000000', '3569990000000009', '6250941006528599', '6243510000000002',
  // Any other Luhn-valid card approves.
  '4111111111111111',
];

test('approval cards answer 10000 Approved', async (t) => {
  const app = await emulator(t);
  for (const number of APPROVALS) {
    const res = await post(app, '/payments', paymentBody(number));
    assert.equal(res.status, 201, number);
    assert.deepEqual([res.body.approved, res.body.status, res.body.response_code, res.body.response_summary], [true, 'Authorized', '10000', 'Approved'], number);
  }
});

test('decline cards answer 201 Declined with their response code and summary', async (t) => {
  const app = await emulator(t);
  for (const [number, code, summary] of DECLINES) {
    const res = await post(app, '/payments', paymentBody(number));
    assert.equal(res.status, 201, number);
    assert.deepEqual([res.body.approved, res.body.status, res.body.response_code, res.body.response_summary], [false, 'Declined', code, summary], number);
    assert.equal((await get(app, `/payments/${res.body.id}`)).body.status, 'Declined');
  }
});

const FRICTIONLESS: Array<[string, string, boolean]> = [
  ['4485040371536584', 'Y', true],
  ['5588686116426417', 'Y', true],
  ['345678901234564', 'Y', true],
  ['4539628347117863', 'N', false],
  ['371064645462927', 'N', false],
  ['343397288296672', 'R', false],
  ['4275765574319271', 'R', false],
  ['4500622868341387', 'Y', true],
];

test('3DS frictionless cards authenticate (or fail) without a challenge', async (t) => {
  const app = await emulator(t);
  for (const [number, ares, approved] of FRICTIONLESS) {
    const res = await post(app, '/payments', paymentBody(number, { '3ds': { enabled: true } }));
    assert.equal(res.status, 201, number);
    assert.equal(res.body['3ds'].enrolled, 'Y', number);
    assert.equal(res.body['3ds'].authentication_response, ares, number);
    assert.equal(res.body.approved, approved, number);
    if (!approved) assert.equal(res.body.response_code, '20151', number);
  }
});

test('3DS not-enrolled cards are authorised without authentication; non-3DS cards decline 20150', async (t) => {
  const app = await emulator(t);
  for (const number of ['4484070000035519', '378282246310005']) {
    const res = await post(app, '/payments', paymentBody(number, { '3ds': { enabled: true } }));
    assert.deepEqual([res.status, res.body.approved, res.body['3ds'].enrolled], [201, true, 'N'], number);
  }
  for (const number of ['3530111333300000', '5352151570003404', '4532432452900131']) {
    const res = await post(app, '/payments', paymentBody(number, { '3ds': { enabled: true } }));
    assert.deepEqual([res.body.status, res.body.response_code], ['Declined', '20150'], number);
  }
});

const CHALLENGE: Array<[string, string, boolean]> = [
  ['372688581899681', 'Y', true],
  ['5385308360135181', 'Y', true],
  ['4010061700000021', 'Y', true],
  ['4152868552773614', 'A', true],
  ['346126139326850', 'A', true],
  ['375982239796002', 'R', false],
  ['4150561000000019', 'R', false],
  ['4243754271700719', 'N', false],
  ['5258901507741160', 'N', false],
];

async function challenge(app: Awaited<ReturnType<typeof emulator>>, paymentId: string, password: string) {
  const page = await app.inject({ method: 'GET', url: `/3ds/${paymentId}` });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<label for="txtPassword">Password<\/label>/);
  assert.match(page.body, />Continue</);
  return app.inject({
    method: 'POST',
    url: `/3ds/${paymentId}`,
    payload: `password=${encodeURIComponent(password)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

test('3DS challenge cards: 202 Pending with a redirect to the challenge; Checkout1! decides the outcome', async (t) => {
  const app = await emulator(t);
  for (const [number, ares, approved] of CHALLENGE) {
    const pending = await post(app, '/payments', paymentBody(number, { '3ds': { enabled: true }, success_url: 'https://m.example/ok', failure_url: 'https://m.example/ko' }));
    assert.equal(pending.status, 202, number);
    assert.equal(pending.body.status, 'Pending');
    assert.equal(pending.body._links.redirect.href, `http://localhost:80/3ds/${pending.body.id}`);
    const done = await challenge(app, pending.body.id, 'Checkout1!');
    assert.equal(done.statusCode, 303);
    assert.ok(String(done.headers.location).startsWith(approved ? 'https://m.example/ok?' : 'https://m.example/ko?'), number);
    const payment = await get(app, `/payments/${pending.body.id}`);
    assert.equal(payment.body['3ds'].authentication_response, ares, number);
    assert.equal(payment.body.approved, approved, number);
  }
  const wrong = await post(app, '/payments', paymentBody('4010061700000021', { '3ds': { enabled: true } }));
  await challenge(app, wrong.body.id, 'checkout1!');
  const payment = await get(app, `/payments/${wrong.body.id}`);
  assert.deepEqual([payment.body.status, payment.body['3ds'].authentication_response], ['Declined', 'N']);
  // Answering twice changes nothing.
  await app.inject({ method: 'POST', url: `/3ds/${wrong.body.id}`, payload: 'password=Checkout1!', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal((await get(app, `/payments/${wrong.body.id}`)).body.status, 'Declined');
});

test('without 3DS requested, challenge cards are simply authorised', async (t) => {
  const app = await emulator(t);
  const res = await post(app, '/payments', paymentBody('4010061700000021'));
  assert.deepEqual([res.status, res.body.status], [201, 'Authorized']);
});

test('any future expiry and scheme-length CVV pass; past expiry, bad Luhn and wrong CVV length fail', async (t) => {
  const app = await emulator(t);
  const year = new Date().getUTCFullYear();
  const ok = (source: Record<string, unknown>) => post(app, '/payments', { source: { type: 'card', ...source }, amount: 100, currency: 'USD' });
  assert.equal((await ok({ number: '4242424242424242', expiry_month: 12, expiry_year: year + 7, cvv: '999' })).status, 201);
  assert.equal((await ok({ number: '378282246310005', expiry_month: 1, expiry_year: year + 1, cvv: '1234' })).status, 201);
  assert.deepEqual((await ok({ number: '4242424242424242', expiry_month: 1, expiry_year: year - 1, cvv: '100' })).body.error_codes, ['card_expired']);
  assert.deepEqual((await ok({ number: '4242424242424243', expiry_month: 1, expiry_year: year + 1, cvv: '100' })).body.error_codes, ['card_number_invalid']);
  assert.deepEqual((await ok({ number: '4242424242424242', expiry_month: 1, expiry_year: year + 1, cvv: '1000' })).body.error_codes, ['cvv_invalid']);
});

test('the card table has no duplicates and every number is Luhn-valid', () => {
  const numbers = TEST_CARDS.map((c) => c.number);
  assert.equal(new Set(numbers).size, numbers.length);
  for (const number of [...numbers, ...APPROVALS, ...DECLINES.map((d) => d[0])]) {
    let sum = 0;
    for (let i = 0; i < number.length; i++) {
      let d = Number(number[number.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    assert.equal(sum % 10, 0, number);
  }
});
