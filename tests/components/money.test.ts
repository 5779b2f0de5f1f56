import { expect } from '@open-wc/testing';
import { formatMoney, fromMinor, isCurrencyCode, minorUnits, toMinor } from '../../contract/money';

describe('money', () => {
  it('knows each currency’s minor units', () => {
    expect(minorUnits('JPY')).to.equal(0);
    expect(minorUnits('USD')).to.equal(2);
    expect(minorUnits('HKD')).to.equal(2);
    expect(minorUnits('KWD')).to.equal(3);
    expect(minorUnits('BHD')).to.equal(3);
  });

  it('converts between major and minor units without float artefacts', () => {
    expect(toMinor(12.34, 'USD')).to.equal(1234);
    expect(toMinor(1.005, 'USD')).to.equal(101);
    expect(toMinor(1200, 'JPY')).to.equal(1200);
    expect(toMinor(1.5, 'KWD')).to.equal(1500);
    expect(fromMinor(1234, 'USD')).to.equal(12.34);
  });

  it('formats with Intl in the currency’s own precision', () => {
    expect(formatMoney(123400, 'HKD', 'en-HK')).to.equal('HK$1,234.00');
    expect(formatMoney(1200, 'JPY', 'ja-JP')).to.match(/^[￥¥]1,200$/);
    expect(formatMoney(1500, 'KWD', 'en')).to.contain('1.500');
  });

  it('validates currency codes', () => {
    expect(isCurrencyCode('EUR')).to.equal(true);
    expect(isCurrencyCode('eur')).to.equal(false);
    expect(isCurrencyCode('EURO')).to.equal(false);
  });
});

describe('currency conversion', () => {
  const table = { base: 'HKD', rates: { USD: 0.128, JPY: 19.2, KWD: 0.0394 } };

  it('converts through the base and rounds in the target’s minor units', async () => {
    const { convertMinor, fxRate } = await import('../../contract/money');
    expect(convertMinor(12800, 'HKD', 'USD', table)).to.equal(1638); // 128.00 × 0.128 = 16.384
    expect(convertMinor(12800, 'HKD', 'JPY', table)).to.equal(2458); // 128 × 19.2 = 2457.6
    expect(convertMinor(1000, 'USD', 'HKD', table)).to.equal(7813); // 10 / 0.128 = 78.125
    expect(convertMinor(12800, 'HKD', 'KWD', table)).to.equal(5043); // 5.0432 KWD in fils
    expect(fxRate('USD', 'JPY', table)).to.be.closeTo(150, 1e-9);
    expect(() => convertMinor(100, 'HKD', 'EUR', table)).to.throw(RangeError);
  });
});
