/** The 24 mail locales (the kit's: components/core/locales/), by tag. */
import type { MailStrings } from './en';
import en from './en';
import ar from './ar';
import da from './da';
import de from './de';
import el from './el';
import es from './es';
import fi from './fi';
import fil from './fil';
import fr from './fr';
import hi from './hi';
import id from './id';
import it from './it';
import ja from './ja';
import ko from './ko';
import ms from './ms';
import nb from './nb';
import nl from './nl';
import pt from './pt';
import sv from './sv';
import th from './th';
import vi from './vi';
import zhCN from './zh-CN';
import zhHK from './zh-HK';
import zhTW from './zh-TW';

export const MAIL_LOCALES: Record<string, MailStrings> = {
  en,
  ar,
  da,
  de,
  el,
  es,
  fi,
  fil,
  fr,
  hi,
  id,
  it,
  ja,
  ko,
  ms,
  nb,
  nl,
  pt,
  sv,
  th,
  vi,
  'zh-CN': zhCN,
  'zh-HK': zhHK,
  'zh-TW': zhTW,
};
