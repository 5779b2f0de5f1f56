/**
 * Strings of the emulated Flow form, HPP and 3DS pages. Keys are Flow's own translation keys
 * (index.d.ts `Translations`) where Flow has one, so a merchant's `translations` option overrides
 * them the same way; `emulator.*` keys are pages Flow does not cover.
 */

export type Messages = Record<string, string>;

const en: Messages = {
  card: 'Card',
  'card.card_number': 'Card number',
  'card.card_number.invalid': 'Your card number is incomplete',
  'card.card_number.luhn': 'Your card number is invalid',
  'card.card_number.not_supported': '{CARD} not supported',
  'card.expiry_date': 'Expiry date',
  'card.expiry_date.invalid': "Your card's expiry date is in the past",
  'card.expiry_date.incomplete': "Your card's expiry date is incomplete",
  'card.expiry_date.placeholder.month': 'MM',
  'card.expiry_date.placeholder.year': 'YY',
  'card.security_code': 'Security code',
  'card.security_code.invalid': "Your card's security code is incomplete",
  'card.security_code.placeholder': 'CVV',
  'card.card_holder_name': 'Cardholder name',
  'card.card_holder_name.invalid': 'Enter the name on your card',
  'pay_button.pay': 'Pay',
  'pay_button.payment_processing': 'Payment processing',
  'pay_button.payment_complete': 'Payment complete',
  'payment.declined.card_not_supported': 'Card not supported',
  'payment.declined.not_enough_funds': 'Not enough funds – try another payment method',
  'payment.declined.invalid_customer_data': 'Incorrect details – try again or use another payment method',
  'payment.declined.try_again': 'Payment declined – try again or use another payment method',
  'payment.failed': 'Something went wrong – try again',
  'emulator.sandbox_notice': 'Sandbox emulator – no real payment is taken',
  'emulator.order_summary': 'Order summary',
  'emulator.total': 'Total',
  'emulator.cancel': 'Cancel and return to the store',
  'emulator.expired': 'This payment page has expired.',
  'emulator.paid': 'This payment has already been received.',
  'emulator.3ds.title': 'Verify your payment',
  'emulator.3ds.intro': 'Your bank wants to make sure it is you. Enter the password for this test card.',
  'emulator.3ds.hint': 'Sandbox password: Checkout1!',
  'emulator.3ds.password': 'Password',
  'emulator.3ds.continue': 'Continue',
  'emulator.3ds.cancel': 'Cancel',
  'emulator.3ds.merchant': 'Merchant',
  'emulator.3ds.amount': 'Amount',
  'emulator.3ds.done': 'Authentication finished. Returning to the payment…',
};

const zhHK: Messages = {
  card: '卡',
  'card.card_number': '卡號',
  'card.card_number.invalid': '卡號不完整',
  'card.card_number.luhn': '卡號無效',
  'card.card_number.not_supported': '不支援 {CARD}',
  'card.expiry_date': '到期日',
  'card.expiry_date.invalid': '信用卡已過期',
  'card.expiry_date.incomplete': '到期日不完整',
  'card.expiry_date.placeholder.month': '月',
  'card.expiry_date.placeholder.year': '年',
  'card.security_code': '安全碼',
  'card.security_code.invalid': '安全碼不完整',
  'card.card_holder_name': '持卡人姓名',
  'card.card_holder_name.invalid': '請輸入卡上的姓名',
  'pay_button.pay': '支付',
  'pay_button.payment_processing': '付款處理中',
  'pay_button.payment_complete': '付款完成',
  'payment.declined.card_not_supported': '不支援此卡',
  'payment.declined.not_enough_funds': '餘額不足 – 請使用其他付款方式',
  'payment.declined.invalid_customer_data': '資料不正確 – 請重試或使用其他付款方式',
  'payment.declined.try_again': '付款被拒絕 – 請重試或使用其他付款方式',
  'payment.failed': '發生錯誤 – 請重試',
  'emulator.order_summary': '訂單摘要',
  'emulator.total': '總計',
  'emulator.cancel': '取消並返回商店',
  'emulator.3ds.title': '驗證您的付款',
  'emulator.3ds.password': '密碼',
  'emulator.3ds.continue': '繼續',
  'emulator.3ds.cancel': '取消',
};

const ja: Messages = {
  card: 'カード',
  'card.card_number': 'カード番号',
  'card.card_number.invalid': 'カード番号が不完全です',
  'card.card_number.luhn': 'カード番号が無効です',
  'card.expiry_date': '有効期限',
  'card.expiry_date.invalid': 'カードの有効期限が切れています',
  'card.expiry_date.incomplete': '有効期限が不完全です',
  'card.security_code': 'セキュリティコード',
  'card.security_code.invalid': 'セキュリティコードが不完全です',
  'card.card_holder_name': 'カード名義人',
  'card.card_holder_name.invalid': 'カードに記載の名前を入力してください',
  'pay_button.pay': '支払う',
  'pay_button.payment_processing': '処理中',
  'pay_button.payment_complete': '支払い完了',
  'payment.declined.not_enough_funds': '残高不足です – 別の支払い方法をお試しください',
  'payment.declined.try_again': '決済が拒否されました – もう一度お試しください',
  'emulator.order_summary': 'ご注文内容',
  'emulator.total': '合計',
  'emulator.cancel': 'キャンセルしてストアに戻る',
  'emulator.3ds.title': 'お支払いの確認',
  'emulator.3ds.password': 'パスワード',
  'emulator.3ds.continue': '続ける',
  'emulator.3ds.cancel': 'キャンセル',
};

const ar: Messages = {
  card: 'بطاقة',
  'card.card_number': 'رقم البطاقة',
  'card.card_number.invalid': 'رقم البطاقة غير مكتمل',
  'card.card_number.luhn': 'رقم البطاقة غير صالح',
  'card.expiry_date': 'تاريخ الانتهاء',
  'card.expiry_date.invalid': 'انتهت صلاحية بطاقتك',
  'card.expiry_date.incomplete': 'تاريخ الانتهاء غير مكتمل',
  'card.security_code': 'رمز الأمان',
  'card.security_code.invalid': 'رمز الأمان غير مكتمل',
  'card.card_holder_name': 'اسم حامل البطاقة',
  'card.card_holder_name.invalid': 'أدخل الاسم المكتوب على البطاقة',
  'pay_button.pay': 'ادفع',
  'pay_button.payment_processing': 'جارٍ معالجة الدفع',
  'pay_button.payment_complete': 'تم الدفع',
  'payment.declined.not_enough_funds': 'الرصيد غير كافٍ – جرّب وسيلة دفع أخرى',
  'payment.declined.try_again': 'تم رفض الدفع – حاول مرة أخرى',
  'emulator.order_summary': 'ملخص الطلب',
  'emulator.total': 'الإجمالي',
  'emulator.cancel': 'إلغاء والعودة إلى المتجر',
  'emulator.3ds.title': 'تحقق من عملية الدفع',
  'emulator.3ds.password': 'كلمة المرور',
  'emulator.3ds.continue': 'متابعة',
  'emulator.3ds.cancel': 'إلغاء',
};

const fr: Messages = {
  'card.card_number': 'Numéro de carte',
  'card.expiry_date': "Date d'expiration",
  'card.security_code': 'Code de sécurité',
  'card.card_holder_name': 'Nom du titulaire',
  'pay_button.pay': 'Payer',
  'emulator.3ds.password': 'Mot de passe',
  'emulator.3ds.continue': 'Continuer',
};

const BUNDLES: Record<string, Messages> = { en, 'zh-HK': zhHK, 'zh-TW': zhHK, ja, ar, fr };

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

/** en-GB → en, ja-JP → ja; exact tags (zh-HK) win over their language. */
export function resolveLocale(locale: string | undefined): { tag: string; bundle: Messages; dir: 'ltr' | 'rtl'; lang: string } {
  const tag = locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? locale : 'en-GB';
  const language = tag.split('-')[0]!.toLowerCase();
  const bundle = BUNDLES[tag] ?? BUNDLES[language] ?? {};
  return { tag, bundle: { ...en, ...bundle }, dir: RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr', lang: tag };
}

/** Merges a merchant's `translations` option ({ [locale]: { key: text } }) for this locale. */
export function messagesFor(locale: string | undefined, overrides?: Record<string, Record<string, string>>): Messages & { __dir: string; __lang: string } {
  const resolved = resolveLocale(locale);
  const language = resolved.tag.split('-')[0]!;
  const custom = { ...(overrides?.[language] ?? {}), ...(overrides?.[resolved.tag] ?? {}) };
  return { ...resolved.bundle, ...custom, __dir: resolved.dir, __lang: resolved.lang };
}

/** Minor units → a localized money string ("HK$1,234.00", "¥1,234"). */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  let formatter: Intl.NumberFormat;
  try {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    formatter = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}
