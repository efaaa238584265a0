import { invalidInput } from '../../core/errors.ts';

/** A CSV file decoded to text: the encoding it was read in, and what the reader should know. */
export interface DecodedCsv {
  readonly text: string;
  readonly encoding: string;
  readonly warnings: readonly string[];
}

export interface DecodeOptions {
  /** The file name, for messages. */
  readonly file: string;
  /** The encoding to read it in (`--encoding`, a WHATWG label: utf-8, windows-1252, iso-8859-15, shift_jis…); detected when absent. */
  readonly encoding?: string | undefined;
}

interface Utf8Scan {
  /** Byte offset of the first byte that is not UTF-8, or -1. */
  readonly firstInvalid: number;
  /** How many well-formed multi-byte sequences (é, ’, €…) the file holds. */
  readonly multibyte: number;
}

/** Bytes a well-formed sequence's second byte may take after each lead (RFC 3629 table). */
function secondByteRange(lead: number): readonly [number, number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [0x80, 0xbf, 1];
  if (lead === 0xe0) return [0xa0, 0xbf, 2];
  if (lead === 0xed) return [0x80, 0x9f, 2];
  if (lead >= 0xe1 && lead <= 0xef) return [0x80, 0xbf, 2];
  if (lead === 0xf0) return [0x90, 0xbf, 3];
  if (lead >= 0xf1 && lead <= 0xf3) return [0x80, 0xbf, 3];
  if (lead === 0xf4) return [0x80, 0x8f, 3];
  return undefined;
}

/** One pass over the bytes: where UTF-8 first breaks, and how much real UTF-8 there is. */
function scanUtf8(bytes: Uint8Array, from: number): Utf8Scan {
  let multibyte = 0;
  let i = from;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const range = secondByteRange(lead);
    if (!range) return { firstInvalid: i, multibyte };
    const [lo, hi, continuations] = range;
    const second = bytes[i + 1];
    if (second === undefined || second < lo || second > hi) return { firstInvalid: i, multibyte };
    for (let k = 2; k <= continuations; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return { firstInvalid: i, multibyte };
    }
    multibyte++;
    i += continuations + 1;
  }
  return { firstInvalid: -1, multibyte };
}

/** The line (1-based) a byte offset is on. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function where(bytes: Uint8Array, offset: number): string {
  return `line ${lineAt(bytes, offset)}, byte offset ${offset} (0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')})`;
}

// windows-1252 leaves these five bytes undefined; WHATWG maps them to C1 controls, which no real text holds.
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function firstCp1252Undefined(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (CP1252_UNDEFINED.has(bytes[i] as number)) return i;
  return -1;
}

// windows-1252's 0x80–0x9F, as the WHATWG Encoding Standard maps them (0x81, 0x8D, 0x8F, 0x90 and 0x9D are
// undefined, refused above). Decoded here by table: Node 20's TextDecoder('windows-1252') reads these
// bytes as Latin-1 C1 controls, losing ’ “ ” € and the rest (nodejs/node#56542).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** windows-1252 bytes as text, every byte by the full table (0x00–0x7F and 0xA0–0xFF are their own code points). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const chunk: number[] = [];
  const flush = () => {
    out += String.fromCharCode(...chunk);
    chunk.length = 0;
  };
  for (const byte of bytes) {
    chunk.push(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte);
    if (chunk.length === 8192) flush();
  }
  flush();
  return out;
}

function isWindows1252(label: string): boolean {
  return ['windows-1252', 'cp1252', 'x-cp1252', 'latin1', 'iso-8859-1', 'ascii', 'us-ascii', 'iso_8859-1'].includes(label.trim().toLowerCase());
}

function decoderFor(label: string, file: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw invalidInput(`${file}: '${label}' is not an encoding eos knows (use a WHATWG label such as utf-8, windows-1252, iso-8859-15, shift_jis)`, { file, encoding: label });
  }
}

/** Decodes with the encoding given, refusing bytes that encoding can't read, naming where. */
function decodeAs(bytes: Uint8Array, label: string, file: string): DecodedCsv {
  const decoder = decoderFor(label, file);
  if (decoder.encoding === 'utf-8') {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const { firstInvalid } = scanUtf8(bytes, start);
    if (firstInvalid >= 0)
      throw invalidInput(`${file} is not valid UTF-8 at ${where(bytes, firstInvalid)}; give the encoding it was saved in with --encoding`, { file, offset: firstInvalid });
  }
  if (decoder.encoding === 'windows-1252') {
    const bad = firstCp1252Undefined(bytes);
    if (bad >= 0)
      throw invalidInput(`${file} is not windows-1252 at ${where(bytes, bad)}: that byte is undefined in windows-1252; give the encoding it was saved in with --encoding`, {
        file,
        offset: bad,
      });
  }
  if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), encoding: 'windows-1252', warnings: [] };
  try {
    return { text: decoder.decode(bytes), encoding: decoder.encoding, warnings: [] };
  } catch {
    throw invalidInput(`${file} is not valid ${decoder.encoding}; give the encoding it was saved in with --encoding`, { file, encoding: decoder.encoding });
  }
}

/**
 * Decodes a CSV file, detecting its encoding per file (ADR 055): a BOM says UTF-8 or UTF-16; well-formed
 * UTF-8 is UTF-8; a file with no UTF-8 at all and only bytes windows-1252 defines (an Excel save) is
 * read as windows-1252 with a warning saying so. A UTF-8 file with a stray byte is refused, naming
 * the line and byte offset, rather than read whole in the wrong encoding (`Café` → `CafÃ©` in
 * every row). `--encoding` decides instead of detection.
 *
 * @example decodeCsvBytes(new Uint8Array([0x43, 0x61, 0x66, 0xe9]), { file: 'a.csv' }) // { text: 'Café', encoding: 'windows-1252', warnings: ['a.csv: no UTF-8 …'] }
 */
export function decodeCsvBytes(bytes: Uint8Array, options: DecodeOptions): DecodedCsv {
  const { file } = options;
  if (options.encoding) return decodeAs(bytes, isWindows1252(options.encoding) ? 'windows-1252' : options.encoding, file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs(bytes, 'utf-16le', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs(bytes, 'utf-16be', file);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const scan = scanUtf8(bytes, start);
  if (scan.firstInvalid < 0) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', warnings: [] };
  if (start > 0 || scan.multibyte > 0) {
    throw invalidInput(
      `${file} is UTF-8 but for a stray byte at ${where(bytes, scan.firstInvalid)}: fix that byte, or if the whole file is in another encoding give it with --encoding (e.g. --encoding windows-1252)`,
      { file, offset: scan.firstInvalid, line: lineAt(bytes, scan.firstInvalid) },
    );
  }
  const undefinedByte = firstCp1252Undefined(bytes);
  if (undefinedByte >= 0) {
    throw invalidInput(`${file} is neither UTF-8 nor windows-1252 (at ${where(bytes, undefinedByte)}): give the encoding it was saved in with --encoding`, {
      file,
      offset: undefinedByte,
      line: lineAt(bytes, undefinedByte),
    });
  }
  const text = decodeWindows1252(bytes);
  return { text, encoding: 'windows-1252', warnings: [`${file}: no UTF-8 in it; read as windows-1252 (an Excel save). If that is wrong, give the encoding with --encoding`] };
}
