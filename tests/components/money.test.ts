import { expect } from '@open-wc/testing';
import { formatMoney, formatMoneyOff, fromMinor, isCurrencyCode, minorUnits, toMinor } from '../../contract/money';

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

  /** `text` laid out in a right-to-left Arabic paragraph: the box of its first `char` on screen, for `check`. */
  function inRtl(text: string, check: (box: (char: string) => DOMRect) => void): void {
    const p = document.createElement('p');
    p.dir = 'rtl';
    p.lang = 'ar';
    p.textContent = text;
    document.body.append(p);
    try {
      check((char) => {
        const range = document.createRange();
        const at = text.indexOf(char);
        range.setStart(p.firstChild!, at);
        range.setEnd(p.firstChild!, at + 1);
        return range.getBoundingClientRect();
      });
    } finally {
      p.remove();
    }
  }

  it('in Arabic, laid out right to left, a Latin currency symbol reads "HK$", not "$HK"', () => {
    const text = formatMoney(39800, 'HKD', 'ar');
    expect(text.replace(/[\u200E\u200F]/g, '').replace(/\s/g, ' ')).to.equal('398.00 HK$');
    inRtl(text, (box) => {
      // "HK$" left to right, and the whole symbol left of the amount (read after it, right to left).
      expect(box('H').left).to.be.lessThan(box('K').left);
      expect(box('K').left).to.be.lessThan(box('$').left);
      expect(box('$').left).to.be.lessThan(box('3').left);
    });
    // Left-to-right locales are untouched.
    expect(formatMoney(39800, 'HKD', 'en-HK')).to.equal('HK$398.00');
  });

  it('an amount taken off carries a true minus where the locale puts it: before the digits in Arabic, not after them', () => {
    expect(formatMoneyOff(8970, 'HKD', 'en-HK')).to.equal('−HK$89.70');
    expect(formatMoneyOff(8970, 'HKD', 'de')).to.match(/^−89,70\sHK\$$/);
    inRtl(formatMoneyOff(8970, 'HKD', 'ar'), (box) => {
      // Shown "HK$ −89.70": the minus touches the first digit, on its left.
      expect(box('−').right).to.be.closeTo(box('8').left, 1);
      expect(box('$').right).to.be.lessThan(box('−').left);
    });
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
