/**
 * The fonts receipts are set in: Debian's Noto (fonts-noto-core, fonts-noto-cjk; .ci/bootstrap.mjs
 * installs them), one per script so every text gets glyphs — Latin, Greek, Cyrillic and
 * Vietnamese in Noto Sans; Arabic; Devanagari; Thai; Chinese, Japanese and Korean from the Noto
 * Sans CJK collection (its face for the reader's language: a Japanese receipt uses Japanese
 * glyph forms). A missing file leaves its script to the built-in Helvetica (Latin only), and
 * `missingFonts` names what is missing so the proxy can warn once at start.
 */
import { existsSync } from 'node:fs';

export const FONT_DIRS = ['/usr/share/fonts/truetype/noto', '/usr/share/fonts/opentype/noto'];

export type Script = 'latin' | 'arabic' | 'devanagari' | 'thai' | 'cjk';

export interface FontFace {
  file: string;
  /** The face inside a collection (.ttc). */
  family?: string;
}

const FILES: Record<Exclude<Script, 'cjk'>, string> = {
  latin: 'NotoSans-Regular.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  devanagari: 'NotoSansDevanagari-Regular.ttf',
  thai: 'NotoSansThai-Regular.ttf',
};
const CJK_FILE = 'NotoSansCJK-Regular.ttc';
const BOLD_LATIN = 'NotoSans-Bold.ttf';

/** Which face of the CJK collection a reader of `lang` expects. */
export function cjkFamily(lang: string): string {
  if (lang.startsWith('ja')) return 'NotoSansCJKjp-Regular';
  if (lang.startsWith('ko')) return 'NotoSansCJKkr-Regular';
  if (/^zh-(HK|MO)/i.test(lang)) return 'NotoSansCJKhk-Regular';
  if (/^zh-(TW|Hant)/i.test(lang)) return 'NotoSansCJKtc-Regular';
  return 'NotoSansCJKsc-Regular';
}

const find = (name: string, dirs: string[]) => dirs.map((d) => `${d}/${name}`).find((f) => existsSync(f));

export interface FontSet {
  faces: Partial<Record<Script, FontFace>>;
  bold?: FontFace;
  missing: string[];
}

export function receiptFonts(lang: string, dirs: string[] = FONT_DIRS): FontSet {
  const faces: FontSet['faces'] = {};
  const missing: string[] = [];
  for (const [script, name] of Object.entries(FILES) as Array<[Exclude<Script, 'cjk'>, string]>) {
    const file = find(name, dirs);
    if (file) faces[script] = { file };
    else missing.push(name);
  }
  const cjk = find(CJK_FILE, dirs);
  if (cjk) faces.cjk = { file: cjk, family: cjkFamily(lang) };
  else missing.push(CJK_FILE);
  const bold = find(BOLD_LATIN, dirs);
  return { faces, ...(bold ? { bold: { file: bold } } : {}), missing };
}

/** The script of one character; undefined for neutrals (spaces, punctuation) that take their neighbours'. */
function scriptOfChar(ch: string): Script | undefined {
  const c = ch.codePointAt(0)!;
  if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) return 'arabic';
  if (c >= 0x0900 && c <= 0x097f) return 'devanagari';
  if (c >= 0x0e00 && c <= 0x0e7f) return 'thai';
  if ((c >= 0x3000 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x2ffff)) return 'cjk';
  if (/[\p{L}\p{N}$€£¥]/u.test(ch)) return 'latin';
  return undefined;
}

export interface Run {
  text: string;
  script: Script;
}

/**
 * A text cut into runs of one script each (so each gets a font that has its glyphs), bidi
 * controls dropped. Neutrals (spaces, punctuation) join the run they follow; digits and Latin
 * letters are one left-to-right run, so in Arabic text "2026" stays "2026".
 */
export function scriptRuns(text: string): Run[] {
  const runs: Run[] = [];
  let pending = '';
  for (const ch of text.replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '')) {
    const script = scriptOfChar(ch);
    const last = runs[runs.length - 1];
    if (!script) {
      if (last) last.text += ch;
      else pending += ch;
    } else if (last?.script === script) {
      last.text += ch;
    } else {
      runs.push({ text: pending + ch, script });
      pending = '';
    }
  }
  if (pending) runs.push({ text: pending, script: 'latin' });
  return runs;
}
