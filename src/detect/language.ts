/**
 * Language identification good enough to route cue lexicons and report a
 * signal: the script decides most languages (kana → ja, Han → zh, Cyrillic →
 * ru...), and for Latin-script text the language whose function words occur
 * most wins. Looks at a bounded sample only.
 */
import { asciiBytes } from "./ascii-bytes.js";
import { WordTable } from "./word-table.js";

const words = (s: string): ReadonlySet<string> => new Set(s.split(" "));

export const ENGLISH_STOPWORDS = words(
  "the a an and or of to in on for with is are was were be been it this that these those you your i we they he she " +
  "not no do does did have has had will would can could should from by at as but if then than so what which who how " +
  "all any each every there their them his her its our my me us about into over after before when where why",
);

const LATIN_STOPWORDS: ReadonlyArray<[string, ReadonlySet<string>]> = [
  ["en", ENGLISH_STOPWORDS],
  ["es", words("el la los las de del que y en un una es por con para su sus al lo como más pero sus le ya o este esta cada paso tu usted todo todos")],
  ["de", words("der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an werden aus er sie wie jeden jede deine du ihre bitte")],
  ["fr", words("le la les de des et est un une du en que qui dans pour pas sur au avec ce cette sont vous ton votre tous chaque étape")],
  ["pt", words("o a os as de do da dos das e é um uma em no na que para com não por mais seu sua cada você todos passo como faço sem isso muito")],
  ["it", words("il lo la gli le di del della e è un una in che per con non sono ogni tuo tutti passo")],
  ["nl", words("de het een en van is dat in op te met voor niet zijn je jouw elke stap")],
];

/** Every Latin-language function word → bitmask of the languages (indexes into LATIN_STOPWORDS) that use it. */
const STOP = (() => {
  const masks = new Map<string, number>();
  LATIN_STOPWORDS.forEach(([, set], li) => {
    for (const w of set) masks.set(w, (masks.get(w) ?? 0) | (1 << li));
  });
  const t = new WordTable(masks.size);
  for (const [w, m] of masks) t.add(w, m);
  return t;
})();
const MAX_STOPWORD = 6;
const LETTER_RE = /\p{L}/u;

/** Code units of the letter (\p{L}) at i, or 0 when there is none. */
function letterAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7 ? 1 : 0;
  const cp = s.codePointAt(i) ?? c;
  const width = cp > 0xffff ? 2 : 1;
  return LETTER_RE.test(s.slice(i, i + width)) ? width : 0;
}

const SCRIPTS = ["ja", "zh", "ru", "ko", "ar", "el", "he", "hi", "th", "latin"] as const;
const KANA = 0, HAN = 1, CYR = 2, HANGUL = 3, ARABIC = 4, GREEK = 5, HEBREW = 6, DEVA = 7, THAI = 8, LATIN = 9;

function scriptOf(c: number): number {
  if (c < 0x80) return (c | 32) >= 97 && (c | 32) <= 122 ? LATIN : -1;
  if (c >= 0x3040 && c <= 0x30ff) return KANA;
  if (c >= 0x4e00 && c <= 0x9fff) return HAN;
  if (c >= 0x0400 && c <= 0x04ff) return CYR;
  if (c >= 0xac00 && c <= 0xd7af) return HANGUL;
  if (c >= 0x0600 && c <= 0x06ff) return ARABIC;
  if (c >= 0x0370 && c <= 0x03ff) return GREEK;
  if (c >= 0x0590 && c <= 0x05ff) return HEBREW;
  if (c >= 0x0900 && c <= 0x097f) return DEVA;
  if (c >= 0x0e00 && c <= 0x0e7f) return THAI;
  if (c >= 0xc0 && c <= 0x24f) return LATIN;
  return -1;
}

/**
 * ISO 639-1 code of a normalised (lower-cased) text, or "und". One pass over
 * the first 1000 characters counts the scripts and, for the Latin-script
 * languages, the function words of each (found by the hash of each letter run,
 * without slicing it out).
 */
export function detectLanguage(text: string): string {
  const s = (text.length > 1000 ? text.slice(0, 1000) : text).toLowerCase();
  const ascii = asciiBytes(s);
  if (ascii !== null) return asciiLanguage(s, ascii);
  const script = new Int32Array(SCRIPTS.length);
  const counts = new Int32Array(LATIN_STOPWORDS.length);
  let toks = 0;
  const len = s.length;
  // ASCII letters, by far the commonest characters, are counted and hashed without the script lookup.
  let asciiLetters = 0;
  for (let i = 0; i < len; ) {
    const c = s.charCodeAt(i);
    let w: number;
    if (c < 128) {
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) {
        i++;
        continue;
      }
      w = 1;
      asciiLetters++;
    } else {
      const sc = scriptOf(c);
      if (sc >= 0) script[sc] = (script[sc] as number) + 1;
      w = letterAt(s, i);
      if (w === 0) {
        i++;
        continue;
      }
    }
    // A letter run (\p{L}+): hash it while counting the scripts of its letters.
    const start = i;
    let h = 0x811c9dc5;
    for (;;) {
      if (w === 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      else for (let k = 0; k < w; k++) h = Math.imul(h ^ s.charCodeAt(i + k), 0x01000193);
      i += w;
      if (i >= len) break;
      const d = s.charCodeAt(i);
      if (d < 128) {
        if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90))) break;
        w = 1;
        asciiLetters++;
      } else {
        w = letterAt(s, i);
        if (w === 0) break;
        const sd = scriptOf(d);
        if (sd >= 0) script[sd] = (script[sd] as number) + 1;
      }
    }
    toks++;
    if (i - start > MAX_STOPWORD) continue;
    const mask = STOP.mayHold(h) ? STOP.lookup(s, start, i, h) : -1;
    if (mask > 0) for (let li = 0; li < counts.length; li++) if (mask & (1 << li)) counts[li] = (counts[li] as number) + 1;
  }
  script[LATIN] = (script[LATIN] as number) + asciiLetters;
  const top = topScript(script);
  if (top < 0) return "und";
  if (top !== LATIN) return SCRIPTS[top] as string;
  return latinLanguage(counts, toks);
}

/** The Latin-script language whose function words occur most among `toks` letter runs, or "und". */
function latinLanguage(counts: Int32Array, toks: number): string {
  if (toks < 3) return "und";
  let best = "und";
  let bestScore = 0;
  for (let li = 0; li < LATIN_STOPWORDS.length; li++) {
    const n = counts[li] as number;
    if (n > bestScore) {
      best = (LATIN_STOPWORDS[li] as [string, ReadonlySet<string>])[0];
      bestScore = n;
    }
  }
  return bestScore >= 2 || bestScore > toks * 0.2 ? best : "und";
}

/**
 * detectLanguage of a lower-cased ASCII sample `s` (its bytes `b`): its
 * letters are a-z, all Latin, so the script is Latin when there are four.
 */
function asciiLanguage(s: string, b: Uint8Array): string {
  const len = s.length;
  const counts = new Int32Array(LATIN_STOPWORDS.length);
  let toks = 0, letters = 0;
  for (let i = 0; i < len; ) {
    let c = b[i] as number;
    if (c < 97 || c > 122) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    do {
      h = Math.imul(h ^ c, 0x01000193);
      c = ++i < len ? (b[i] as number) : 0;
    } while (c >= 97 && c <= 122);
    letters += i - start;
    toks++;
    if (i - start > MAX_STOPWORD || !STOP.mayHold(h)) continue;
    const mask = STOP.lookup(s, start, i, h);
    if (mask > 0) for (let li = 0; li < counts.length; li++) if (mask & (1 << li)) counts[li] = (counts[li] as number) + 1;
  }
  return letters < 4 ? "und" : latinLanguage(counts, toks);
}

/**
 * The script (index into SCRIPTS) with the highest weighted count, the first
 * in SCRIPTS order on a tie; -1 when even that is below 4.
 */
function topScript(script: Int32Array): number {
  const kana = script[KANA] as number, han = script[HAN] as number;
  // CJK characters carry a word each, Latin letters a fifth of one: weigh them so.
  let best = KANA, bestScore = kana * 4 + (kana > 0 ? han * 4 : 0);
  for (let sc = HAN; sc <= LATIN; sc++) {
    const v = script[sc] as number;
    const w = sc === HAN ? (kana > 0 ? 0 : han * 4) : sc === HANGUL ? v * 3 : v;
    if (w > bestScore) {
      best = sc;
      bestScore = w;
    }
  }
  return bestScore < 4 ? -1 : best;
}

