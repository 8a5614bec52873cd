/**
 * Language identification good enough to route cue lexicons and report a
 * signal: the script decides most languages (kana → ja, Han → zh, Cyrillic →
 * ru...), and for Latin-script text the language whose function words occur
 * most wins. Looks at a bounded sample only.
 */
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

export function detectLanguage(text: string): string {
  const sample = text.length > 1000 ? text.slice(0, 1000) : text;
  let kana = 0, han = 0, cyr = 0, hangul = 0, arabic = 0, greek = 0, hebrew = 0, deva = 0, thai = 0, latin = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 32) >= 97 && (c | 32) <= 122) latin++;
    } else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x0400 && c <= 0x04ff) cyr++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
    else if (c >= 0x0600 && c <= 0x06ff) arabic++;
    else if (c >= 0x0370 && c <= 0x03ff) greek++;
    else if (c >= 0x0590 && c <= 0x05ff) hebrew++;
    else if (c >= 0x0900 && c <= 0x097f) deva++;
    else if (c >= 0x0e00 && c <= 0x0e7f) thai++;
    else if (c >= 0xc0 && c <= 0x24f) latin++;
  }
  // CJK characters carry a word each, Latin letters a fifth of one: weigh them so.
  const scripts: Array<[string, number]> = [
    ["ja", kana * 4 + (kana > 0 ? han * 4 : 0)], ["zh", kana > 0 ? 0 : han * 4], ["ru", cyr], ["ko", hangul * 3],
    ["ar", arabic], ["el", greek], ["he", hebrew], ["hi", deva], ["th", thai], ["latin", latin],
  ];
  scripts.sort((a, b) => b[1] - a[1]);
  const top = scripts[0];
  if (!top || top[1] < 4) return "und";
  if (top[0] !== "latin") return top[0];
  return latinLanguage(sample.toLowerCase());
}

function latinLanguage(s: string): string {
  const toks = s.match(/\p{L}+/gu) ?? [];
  if (toks.length < 3) return "und";
  let best = "und";
  let bestScore = 0;
  for (const [lang, stop] of LATIN_STOPWORDS) {
    let n = 0;
    for (const t of toks) if (stop.has(t)) n++;
    if (n > bestScore) {
      best = lang;
      bestScore = n;
    }
  }
  return bestScore >= 2 || bestScore > toks.length * 0.2 ? best : "und";
}
