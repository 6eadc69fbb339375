/**
 * Characters that look like the Latin letters of a trace name but are not:
 * a near miss that differs only by one of them names it, since a person
 * reading the configuration cannot see the difference.
 */

/** Unicode names of the look-alikes seen in identifiers (Cyrillic, Greek, invisible characters). */
const NAMES: Readonly<Record<string, string>> = {
  '\u0430': 'CYRILLIC SMALL LETTER A',
  '\u0435': 'CYRILLIC SMALL LETTER IE',
  '\u043E': 'CYRILLIC SMALL LETTER O',
  '\u0440': 'CYRILLIC SMALL LETTER ER',
  '\u0441': 'CYRILLIC SMALL LETTER ES',
  '\u0443': 'CYRILLIC SMALL LETTER U',
  '\u0445': 'CYRILLIC SMALL LETTER HA',
  '\u0456': 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I',
  '\u0458': 'CYRILLIC SMALL LETTER JE',
  '\u0455': 'CYRILLIC SMALL LETTER DZE',
  '\u0501': 'CYRILLIC SMALL LETTER KOMI DE',
  '\u04BB': 'CYRILLIC SMALL LETTER SHHA',
  '\u051B': 'CYRILLIC SMALL LETTER QA',
  '\u051D': 'CYRILLIC SMALL LETTER WE',
  '\u0410': 'CYRILLIC CAPITAL LETTER A',
  '\u0412': 'CYRILLIC CAPITAL LETTER VE',
  '\u0415': 'CYRILLIC CAPITAL LETTER IE',
  '\u041A': 'CYRILLIC CAPITAL LETTER KA',
  '\u041C': 'CYRILLIC CAPITAL LETTER EM',
  '\u041D': 'CYRILLIC CAPITAL LETTER EN',
  '\u041E': 'CYRILLIC CAPITAL LETTER O',
  '\u0420': 'CYRILLIC CAPITAL LETTER ER',
  '\u0421': 'CYRILLIC CAPITAL LETTER ES',
  '\u0422': 'CYRILLIC CAPITAL LETTER TE',
  '\u0425': 'CYRILLIC CAPITAL LETTER HA',
  '\u0406': 'CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I',
  '\u0408': 'CYRILLIC CAPITAL LETTER JE',
  '\u0405': 'CYRILLIC CAPITAL LETTER DZE',
  '\u03B1': 'GREEK SMALL LETTER ALPHA',
  '\u03B9': 'GREEK SMALL LETTER IOTA',
  '\u03BA': 'GREEK SMALL LETTER KAPPA',
  '\u03BD': 'GREEK SMALL LETTER NU',
  '\u03BF': 'GREEK SMALL LETTER OMICRON',
  '\u03C1': 'GREEK SMALL LETTER RHO',
  '\u03C4': 'GREEK SMALL LETTER TAU',
  '\u03C5': 'GREEK SMALL LETTER UPSILON',
  '\u0391': 'GREEK CAPITAL LETTER ALPHA',
  '\u0392': 'GREEK CAPITAL LETTER BETA',
  '\u0395': 'GREEK CAPITAL LETTER EPSILON',
  '\u0397': 'GREEK CAPITAL LETTER ETA',
  '\u0399': 'GREEK CAPITAL LETTER IOTA',
  '\u039A': 'GREEK CAPITAL LETTER KAPPA',
  '\u039C': 'GREEK CAPITAL LETTER MU',
  '\u039D': 'GREEK CAPITAL LETTER NU',
  '\u039F': 'GREEK CAPITAL LETTER OMICRON',
  '\u03A1': 'GREEK CAPITAL LETTER RHO',
  '\u03A4': 'GREEK CAPITAL LETTER TAU',
  '\u03A7': 'GREEK CAPITAL LETTER CHI',
  '\u0396': 'GREEK CAPITAL LETTER ZETA',
  '\u0131': 'LATIN SMALL LETTER DOTLESS I',
  '\u0261': 'LATIN SMALL LETTER SCRIPT G',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
  '\u2060': 'WORD JOINER',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE',
  '\u00A0': 'NO-BREAK SPACE',
};

/**
 * The characters of `name` that are not plain ASCII, each as
 * `U+0435 CYRILLIC SMALL LETTER IE at position 4` (1-based, in characters);
 * empty when it is all ASCII.
 */
export function nonAsciiCharacters(name: string): string[] {
  const out: string[] = [];
  [...name].forEach((c, i) => {
    const code = c.codePointAt(0) as number;
    if (code < 0x80) return;
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    out.push(`U+${hex}${NAMES[c] ? ` ${NAMES[c]}` : ''} at position ${i + 1}`);
  });
  return out;
}
