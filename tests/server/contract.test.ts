/**
 * The rules the kit and the proxy share (contract/), pinned where two copies used to disagree:
 * the applicant's age was counted in local time by the form and in UTC by the proxy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_MAX, isKnownCountry } from '../../contract/fields';
import { ageOn, INSURANCE_AGE } from '../../contract/insurance';
import { customerSchema, insuranceApplicantSchema } from '../../contract/api';
import { checkField } from '../../components/checkout/validation';

test('age is counted on the UTC calendar day, whatever the time zone of the machine', () => {
  const zone = process.env.TZ;
  // 09:30 on 1 March in Auckland is still 28 February in UTC: an applicant born on 1 March 2008
  // is 17 for the proxy, so the form must say 17 too (a local-time count said 18).
  process.env.TZ = 'Pacific/Auckland';
  try {
    const morningInAuckland = new Date('2026-02-28T20:30:00Z');
    assert.equal(morningInAuckland.getDate(), 1, 'the test needs a local day after the UTC day');
    assert.equal(ageOn('2008-03-01', morningInAuckland), 17);
    assert.equal(ageOn('2008-02-28', morningInAuckland), 18);
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test('the insurance age range is 18 to 74', () => {
  assert.deepEqual(INSURANCE_AGE, { min: 18, max: 74 });
});

test('a field the browser accepts is one the proxy accepts, at each length limit', () => {
  const atLimit = 'a'.repeat(FIELD_MAX.name);
  assert.equal(checkField('name', atLimit), undefined);
  assert.equal(customerSchema.safeParse({ email: 'a@example.com', name: atLimit }).success, true);
  assert.deepEqual(checkField('name', `${atLimit}a`), { key: 'fieldTooLong', max: 100 });
  assert.equal(customerSchema.safeParse({ email: 'a@example.com', name: `${atLimit}a` }).success, false);
  for (const phone of ['+852 1234 5678', '12345', 'call me']) {
    const browser = checkField('phone', phone) === undefined;
    const proxy = insuranceApplicantSchema.shape.phone.safeParse(phone).success;
    assert.equal(browser, proxy, `phone ${JSON.stringify(phone)}: browser ${browser}, proxy ${proxy}`);
  }
  assert.equal(isKnownCountry('HK'), true);
  assert.equal(isKnownCountry('XX'), false);
});
