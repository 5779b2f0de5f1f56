import { expect } from '@open-wc/testing';
import { formatMoney, fromMinor, isCurrencyCode, minorUnits, toMinor } from '../../components/core/money';

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
