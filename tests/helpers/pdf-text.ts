/**
 * The text of a PDF that pdfkit wrote (compressed or not): each text-showing operator (Tj/TJ)
 * of the page content streams, decoded through its font's ToUnicode map (embedded fonts write
 * glyph ids, not characters) or as Latin-1 (the built-in fonts). Small on purpose: it reads what
 * pdfkit writes, nothing more — enough to prove a receipt says what it should, in the characters a
 * reader's PDF viewer would copy out of it.
 */
import { inflateSync } from 'node:zlib';

type CMap = Map<number, string>;

/** `beginbfchar` and `beginbfrange` entries of a ToUnicode CMap (UTF-16BE destinations). */
function parseCMap(text: string): CMap {
  const map: CMap = new Map();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(src!, 16), utf16(dst!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const start = parseInt(lo!, 16);
      const end = parseInt(hi!, 16);
      if (rest!.startsWith('[')) {
        [...rest!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach(([, dst], i) => map.set(start + i, utf16(dst!)));
      } else {
        const base = parseInt(rest!.slice(1, -1), 16);
        for (let c = start; c <= end; c++) map.set(c, String.fromCharCode(base + c - start));
      }
    }
  }
  return map;
}

function utf16(hex: string): string {
  const units = (hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16));
  return String.fromCharCode(...units);
}

export interface PdfText {
  /** Each Tj/TJ as a string, in content order. */
  runs: string[];
  /** The same with where each starts on the page (x, from the left edge, in points). */
  placed: Array<{ text: string; x: number }>;
  /** The fonts the page uses (their BaseFont names). */
  fonts: string[];
}

export function pdfText(pdf: Buffer): PdfText {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const m of raw.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  const streamOf = (body: string) => {
    // Exactly /Length bytes after the `stream` line: compressed data may itself end in a CR or LF,
    // which a pattern up to `\nendstream` would take as the delimiter and cut the stream short.
    const start = /stream\r?\n/.exec(body);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(body)?.[1];
    const data = !start ? '' : length !== undefined
      ? body.slice(start.index + start[0].length, start.index + start[0].length + Number(length))
      : (/stream\r?\n([\s\S]*?)\nendstream/.exec(body)?.[1] ?? '');
    return /\/Filter\s*\/FlateDecode/.test(body) ? inflateSync(Buffer.from(data, 'latin1')).toString('latin1') : data;
  };

  const fontMaps = new Map<string, CMap | undefined>();
  const fonts: string[] = [];
  for (const body of objects.values()) {
    for (const [, name, ref] of body.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      if (fontMaps.has(name!)) continue;
      const font = objects.get(Number(ref)) ?? '';
      const toUnicode = /\/ToUnicode\s+(\d+) 0 R/.exec(font)?.[1];
      fontMaps.set(name!, toUnicode ? parseCMap(streamOf(objects.get(Number(toUnicode)) ?? '')) : undefined);
      const base = /\/BaseFont\s*\/([^\s/]+)/.exec(font)?.[1];
      if (base) fonts.push(base);
    }
  }

  const runs: string[] = [];
  const placed: PdfText['placed'] = [];
  for (const body of objects.values()) {
    if (!/\/Length/.test(body) || /\/Subtype|\/Type\s*\/(XObject|Metadata)|\/FontFile|\/Length1/.test(body)) continue;
    const content = streamOf(body);
    if (!/\bBT\b/.test(content)) continue;
    let font: CMap | undefined;
    let x = 0;
    for (const op of content.matchAll(/1 0 0 1 ([\d.-]+) [\d.-]+ Tm|\/(F\d+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|[^\]<])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (op[1]) {
        x = Number(op[1]);
        continue;
      }
      if (op[2]) {
        font = fontMaps.get(op[2]);
        continue;
      }
      const hexes = op[3] !== undefined ? [...op[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [op[4]!];
      const decode = (hex: string) =>
        font ? (hex.match(/.{4}/g) ?? []).map((g) => font!.get(parseInt(g, 16)) ?? '�').join('') : Buffer.from(hex, 'hex').toString('latin1');
      const text = hexes.map(decode).join('');
      runs.push(text);
      placed.push({ text, x });
    }
  }
  return { runs, placed, fonts };
}
