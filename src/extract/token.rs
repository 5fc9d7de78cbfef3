//! The one-pass tokeniser every extraction step reads from.
//!
//! A token is a word (letters and digits, with inner hyphens, apostrophes, periods and `&`, as
//! in "Jae-myung", "O'Brien", "U.S.", "AT&T"), the possessive `'s` on its own, or one punctuation
//! character. Each word also gets a normalised key: folded to ASCII, lowercased, periods dropped
//! ("U.S." -> "us", "Zürich" -> "zurich"). All keys live in one string, each followed by one
//! space, so the key of a run of words ("bank of japan") is a slice of it ([`Tokens::key`]) and
//! looking a name up builds no string. Tokenising an article allocates two buffers, sized from
//! the text at the start, that are reused for the next text.
//!
//! Most words are plain ASCII: they are read, folded and shaped byte by byte; a word with any
//! other character goes through the general path (Unicode classes, `deunicode`), which the unit
//! tests check the fast one against.
//!
//! `tools/build_gazetteer.py` (`key_of`) builds the gazetteer's keys the same way.

/// First letter is uppercase (or the word is "al-Assad"-like).
pub(crate) const CAP: u16 = 1;
/// At least two letters and none lowercase ("IMF", "U.S.", "BUSAN").
pub(crate) const UPPER: u16 = 1 << 1;
/// First word of a sentence, a paragraph or the text.
pub(crate) const SENT_START: u16 = 1 << 2;
/// Starts with a digit.
pub(crate) const DIGIT: u16 = 1 << 3;
/// Ends with a period that belongs to it ("Mr.", "Oct.", "U.S.", "J.").
pub(crate) const ABBR: u16 = 1 << 4;
/// A hyphenated given name: capital, then lowercase on both sides of a hyphen ("Jae-myung").
pub(crate) const HYPHEN_GIVEN: u16 = 1 << 5;
/// The possessive `'s`, split off its word so "Trump's" names Trump.
pub(crate) const POSSESSIVE: u16 = 1 << 6;
/// A word token (everything except punctuation).
pub(crate) const WORD: u16 = 1 << 7;
/// A single capital letter with its period ("J.").
pub(crate) const INITIAL: u16 = 1 << 8;
/// First token of a paragraph: after a blank line, or after a line break and an indent (wire
/// copy marks paragraphs so). No name runs across it.
pub(crate) const PAR_START: u16 = 1 << 9;

/// Whether a word's trailing period is part of it, not the end of a sentence (its key: "mr",
/// "calif"). A `match` rather than a scan of a list: it is asked at every sentence end.
fn is_abbreviation(key: &str) -> bool {
    matches!(
        key,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "prof"
            | "st"
            | "mt"
            | "ft"
            | "pt"
            | "jr"
            | "sr"
            | "gen"
            | "gov"
            | "sen"
            | "sens"
            | "rep"
            | "reps"
            | "col"
            | "lt"
            | "sgt"
            | "capt"
            | "adm"
            | "maj"
            | "cmdr"
            | "rev"
            | "hon"
            | "inc"
            | "corp"
            | "co"
            | "ltd"
            | "bros"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "no"
            | "nos"
            | "vs"
            | "etc"
            | "calif"
            | "cal"
            | "ala"
            | "ariz"
            | "ark"
            | "colo"
            | "conn"
            | "del"
            | "fla"
            | "ga"
            | "ill"
            | "ind"
            | "kan"
            | "kans"
            | "ky"
            | "la"
            | "md"
            | "mass"
            | "mich"
            | "minn"
            | "miss"
            | "mo"
            | "mont"
            | "neb"
            | "nebr"
            | "nev"
            | "okla"
            | "ore"
            | "oreg"
            | "pa"
            | "penn"
            | "tenn"
            | "tex"
            | "vt"
            | "va"
            | "wash"
            | "wis"
            | "wisc"
            | "wyo"
            | "ont"
            | "que"
            | "alta"
            | "man"
            | "sask"
            | "ave"
            | "blvd"
            | "dept"
            | "univ"
            | "assn"
            | "approx"
            | "gov't"
            | "govt"
            | "messrs"
            | "mme"
            | "mlle"
            | "sra"
            | "dott"
    )
}

/// One token: where it is in the text, its flags, and (for words) its normalised key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    norm_start: usize,
    norm_end: usize,
    /// `CAP`, `UPPER`, ... bits.
    pub flags: u16,
    /// The character of a punctuation token; `'\0'` for words.
    pub punct: char,
}

impl Token {
    /// Whether all the given flag bits are set.
    #[inline]
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag == flag
    }

    /// A word token (not punctuation).
    #[inline]
    pub fn is_word(&self) -> bool {
        self.has(WORD)
    }
}

/// The tokens of one text and their keys. Reuse one value for many texts.
#[derive(Default, Debug)]
pub(crate) struct Tokens {
    /// The tokens in text order.
    pub toks: Vec<Token>,
    norm: String,
}

impl Tokens {
    /// An empty token list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of tokens.
    #[inline]
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The normalised key of token `i` (empty for punctuation).
    #[inline]
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.norm[t.norm_start..t.norm_end]
    }

    /// Whether token `i` exists and is the punctuation character `c`.
    #[inline]
    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.punct == c)
    }

    /// Whether token `i` exists, is a word and has key `word`.
    #[inline]
    pub fn is_norm(&self, i: usize, word: &str) -> bool {
        i < self.len() && self.toks[i].is_word() && self.norm(i) == word
    }

    /// The key of the words `i..j` joined by single spaces ("bank of japan"), as a slice of
    /// the keys' buffer: the keys of consecutive tokens that are all words lie in it one after
    /// the other, each followed by one space. Only meaningful when tokens `i..j` are all words
    /// (`i < j`); a name lookup reads nothing else.
    #[inline]
    pub fn key(&self, i: usize, j: usize) -> &str {
        &self.norm[self.toks[i].norm_start..self.toks[j - 1].norm_end]
    }

    /// Replaces the content with the tokens of `text`.
    pub fn tokenize(&mut self, text: &str) {
        self.toks.clear();
        self.norm.clear();
        // News prose runs about five bytes a token, and the keys (one space after each) about
        // as long as the text: growing the buffers from empty for every article cost more
        // than reading it.
        self.toks.reserve(text.len() / 4 + 4);
        self.norm.reserve(text.len() + text.len() / 8 + 8);
        let bytes = text.as_bytes();
        let mut pos = 0;
        let mut sentence = true;
        let mut newline_seen = false;
        let mut indent = 0;
        let mut paragraph = false;
        while pos < bytes.len() {
            let b = bytes[pos];
            let (c, clen) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = char_at(text, pos);
                (c, c.len_utf8())
            };
            if is_space(c) {
                if c == '\n' {
                    if newline_seen {
                        paragraph = true;
                    }
                    newline_seen = true;
                    indent = 0;
                } else if newline_seen {
                    indent += if c == '\t' { 2 } else { 1 };
                    if indent >= 2 {
                        paragraph = true;
                    }
                }
                pos += clen;
                continue;
            }
            newline_seen = false;
            let par_start = std::mem::take(&mut paragraph) && !self.toks.is_empty();
            if par_start {
                sentence = true;
            }
            let first = self.toks.len();
            if is_alnum(c) {
                pos = self.word(text, pos, &mut sentence);
            } else if c == '&' {
                // A lone ampersand joins names ("Procter & Gamble"): a word-like token.
                let ns = self.norm.len();
                self.norm.push_str("& ");
                self.toks.push(Token {
                    start: pos,
                    end: pos + 1,
                    norm_start: ns,
                    norm_end: ns + 1,
                    flags: WORD,
                    punct: '\0',
                });
                pos += 1;
            } else {
                if matches!(c, '.' | '!' | '?') {
                    sentence = true;
                }
                self.toks.push(Token {
                    start: pos,
                    end: pos + clen,
                    norm_start: self.norm.len(),
                    norm_end: self.norm.len(),
                    flags: 0,
                    punct: c,
                });
                pos += clen;
            }
            if par_start && let Some(t) = self.toks.get_mut(first) {
                t.flags |= PAR_START;
            }
        }
    }

    /// Reads the word starting at `start`, pushes it (and a possessive after it), returns the
    /// position after it.
    fn word(&mut self, text: &str, start: usize, sentence: &mut bool) -> usize {
        let bytes = text.as_bytes();
        let mut pos = start;
        let mut possessive_at = None;
        // What reading the word learns for its key and shape, so that a plain ASCII word is
        // not read again character by character.
        let mut seen = Seen::default();
        while pos < bytes.len() {
            let b = bytes[pos];
            let (c, clen) = if b < 0x80 {
                let class = ASCII_CLASS[usize::from(b)];
                if class != OTHER {
                    seen.classes |= 1 << class;
                    seen.letters += usize::from(class != DIGIT_CLASS);
                    pos += 1;
                    continue;
                }
                (b as char, 1)
            } else {
                let c = char_at(text, pos);
                if c.is_alphanumeric() {
                    seen.ascii = false;
                    pos += c.len_utf8();
                    continue;
                }
                (c, c.len_utf8())
            };
            if matches!(c, '-' | '\'' | '’' | '.' | '&') {
                let after = pos + clen;
                let next = (after < bytes.len()).then(|| char_at(text, after));
                if let Some(n) = next.filter(|&n| is_alnum(n)) {
                    if matches!(c, '\'' | '’') && matches!(n, 's' | 'S') {
                        let after_s = after + 1;
                        let next2 = (after_s < bytes.len()).then(|| char_at(text, after_s));
                        if !next2.is_some_and(is_alnum) {
                            possessive_at = Some((pos, after_s));
                            break;
                        }
                    }
                    seen.ascii &= clen == 1;
                    seen.period |= c == '.';
                    if c == '-' {
                        seen.first_hyphen.get_or_insert(pos - start);
                        seen.last_hyphen = Some(pos - start);
                    }
                    pos = after;
                    continue;
                }
            }
            break;
        }
        let mut end = pos;
        let mut flags = WORD;
        let ns = self.norm.len();
        let raw = &text[start..end];
        if seen.ascii && !seen.period {
            // The key of a plain ASCII word is the word in lowercase.
            self.norm.push_str(raw);
            if seen.classes & (1 << UPPER_CLASS) != 0 {
                self.norm[ns..].make_ascii_lowercase();
            }
        } else {
            push_norm(&mut self.norm, raw);
        }
        // A trailing period belongs to abbreviations, initials and dotted acronyms.
        if possessive_at.is_none() && end < bytes.len() && bytes[end] == b'.' {
            let single_letter = if seen.ascii {
                raw.len() == 1 && seen.letters == 1
            } else {
                raw.chars().count() == 1 && raw.chars().all(char::is_alphabetic)
            };
            if single_letter || seen.period || is_abbreviation(&self.norm[ns..]) {
                end += 1;
                flags |= ABBR;
                if single_letter && raw.chars().all(char::is_uppercase) {
                    flags |= INITIAL;
                }
            }
        }
        let shaped = &text[start..end];
        flags |= if seen.ascii { ascii_word_shape(shaped.as_bytes(), &seen) } else { word_shape(shaped) };
        if *sentence {
            flags |= SENT_START;
            *sentence = false;
        }
        let norm_end = self.norm.len();
        self.norm.push(' ');
        self.toks.push(Token { start, end, norm_start: ns, norm_end, flags, punct: '\0' });
        if let Some((ap, after_s)) = possessive_at {
            let ns = self.norm.len();
            self.norm.push_str("'s ");
            self.toks.push(Token {
                start: ap,
                end: after_s,
                norm_start: ns,
                norm_end: ns + 2,
                flags: WORD | POSSESSIVE,
                punct: '\0',
            });
            return after_s;
        }
        end
    }
}

/// What reading one word learnt of it (see [`Tokens::word`]); the letters and hyphens are only
/// kept for a word that is all ASCII.
struct Seen {
    /// No character outside ASCII.
    ascii: bool,
    /// A period inside ("U.S").
    period: bool,
    /// Bit `1 << class` for each [`ASCII_CLASS`] of letter or digit met.
    classes: u8,
    /// Number of letters.
    letters: usize,
    /// Offsets of the first and the last hyphen.
    first_hyphen: Option<usize>,
    last_hyphen: Option<usize>,
}

impl Default for Seen {
    fn default() -> Self {
        Seen { ascii: true, period: false, classes: 0, letters: 0, first_hyphen: None, last_hyphen: None }
    }
}

/// [`ASCII_CLASS`] of a byte that is no letter or digit.
const OTHER: u8 = 0;
/// [`ASCII_CLASS`] of a digit.
const DIGIT_CLASS: u8 = 1;
/// [`ASCII_CLASS`] of a lowercase letter.
const LOWER_CLASS: u8 = 2;
/// [`ASCII_CLASS`] of an uppercase letter.
const UPPER_CLASS: u8 = 3;

/// The class of each ASCII byte: one table read per byte of a word instead of three range tests.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'0'..=b'9' => DIGIT_CLASS,
            b'a'..=b'z' => LOWER_CLASS,
            b'A'..=b'Z' => UPPER_CLASS,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// The normalised key of a whole phrase, built the way the tokeniser builds token keys and joined
/// with single spaces. Used to compile the hand-written lists.
pub(crate) fn phrase_key(text: &str) -> String {
    let mut toks = Tokens::new();
    toks.tokenize(text);
    let mut key = String::new();
    for i in 0..toks.len() {
        if !toks.toks[i].is_word() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(toks.norm(i));
    }
    key
}

/// Whitespace as `char::is_whitespace` has it, ASCII answered without the Unicode table.
#[inline]
fn is_space(c: char) -> bool {
    if c.is_ascii() { matches!(c, ' ' | '\t'..='\r') } else { c.is_whitespace() }
}

/// A letter or digit as `char::is_alphanumeric` has it, ASCII answered without the tables.
#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() }
}

#[inline]
fn char_at(text: &str, pos: usize) -> char {
    let b = text.as_bytes()[pos];
    if b < 0x80 { b as char } else { text[pos..].chars().next().unwrap_or('\u{fffd}') }
}

/// Appends the key of `word`: ASCII-folded, lowercase, without periods, curly apostrophes
/// straightened.
fn push_norm(out: &mut String, word: &str) {
    for c in word.chars() {
        if c.is_ascii() {
            if c != '.' {
                out.push(c.to_ascii_lowercase());
            }
        } else if c == '’' || c == '‘' {
            out.push('\'');
        } else if let Some(folded) = deunicode::deunicode_char(c) {
            for f in folded.chars() {
                if f != '.' {
                    out.push(f.to_ascii_lowercase());
                }
            }
        }
    }
}

/// Last parts of hyphenated adjectives that are not names ("Chicago-based", "state-owned").
const COMPOUND_TAILS: &[&str] = &[
    "based",
    "owned",
    "controlled",
    "led",
    "run",
    "backed",
    "born",
    "made",
    "style",
    "linked",
    "funded",
    "listed",
    "registered",
    "bound",
    "held",
    "affiliated",
    "oriented",
    "dominated",
    "sponsored",
    "friendly",
    "era",
    "speaking",
    "type",
    "like",
    "wide",
    "area",
    "made",
    "built",
    "produced",
    "focused",
    "specific",
    "related",
    "centric",
    "proof",
    "class",
    "level",
    "born",
];

fn word_shape(word: &str) -> u16 {
    // Hyphens found by byte (a hyphen is one byte and never part of another character's
    // bytes): `rsplit_once('-')` on every word was a tenth of tokenising.
    let hyphen = word.bytes().rposition(|b| b == b'-');
    // "Chicago-based" is an adjective: not capitalised as far as names go.
    if let Some(at) = hyphen
        && COMPOUND_TAILS.contains(&&word[at + 1..])
    {
        return 0;
    }
    let mut flags = 0;
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    if first.is_ascii_digit() {
        flags |= DIGIT;
    }
    if first.is_uppercase() {
        flags |= CAP;
    } else if let Some(rest) = word.strip_prefix("al-").or_else(|| word.strip_prefix("el-"))
        && rest.chars().next().is_some_and(char::is_uppercase)
    {
        flags |= CAP;
    }
    let mut letters = 0;
    let mut lower = false;
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_lowercase() {
                lower = true;
            }
        }
    }
    if letters >= 2 && !lower {
        flags |= UPPER;
    }
    // Korean and Chinese given names: short syllables ("Jae-myung", "Geun-hye", "Jong-un").
    if first.is_uppercase()
        && hyphen.is_some()
        && let Some((head, tail)) = word.split_once('-')
        && (2..=5).contains(&head.len())
        && (2..=6).contains(&tail.len())
        && head.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && tail.chars().all(|c| c.is_ascii_lowercase())
    {
        flags |= HYPHEN_GIVEN;
    }
    flags
}

/// [`word_shape`] of a word that is all ASCII, from what reading it learnt (`seen`) instead of
/// more passes over it (the tests check the two agree). `word` may end with a period the word
/// took after reading.
fn ascii_word_shape(word: &[u8], seen: &Seen) -> u16 {
    if let Some(at) = seen.last_hyphen
        && COMPOUND_TAILS.iter().any(|t| t.as_bytes() == &word[at + 1..])
    {
        return 0;
    }
    let mut flags = 0;
    let first = word.first().copied().unwrap_or(b' ');
    if first.is_ascii_digit() {
        flags |= DIGIT;
    }
    if first.is_ascii_uppercase() {
        flags |= CAP;
    } else if let Some(rest) = word.strip_prefix(b"al-").or_else(|| word.strip_prefix(b"el-"))
        && rest.first().is_some_and(u8::is_ascii_uppercase)
    {
        flags |= CAP;
    }
    if seen.letters >= 2 && seen.classes & (1 << LOWER_CLASS) == 0 {
        flags |= UPPER;
    }
    if first.is_ascii_uppercase()
        && let Some(at) = seen.first_hyphen
    {
        let (head, tail) = (&word[..at], &word[at + 1..]);
        if (2..=5).contains(&head.len())
            && (2..=6).contains(&tail.len())
            && head[1..].iter().all(u8::is_ascii_lowercase)
            && tail.iter().all(u8::is_ascii_lowercase)
        {
            flags |= HYPHEN_GIVEN;
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, String)> {
        let mut t = Tokens::new();
        t.tokenize(text);
        (0..t.len())
            .map(|i| (text[t.toks[i].start..t.toks[i].end].to_string(), t.norm(i).to_string()))
            .collect()
    }

    /// The tokeniser as it was before it read ASCII words byte by byte (and before the keys
    /// got their trailing spaces), kept to check the fast paths against: every token's range,
    /// key, flags and character.
    mod reference {
        use super::super::*;

        pub(super) const ABBREVIATIONS: &[&str] = &[
            "mr", "mrs", "ms", "dr", "prof", "st", "mt", "ft", "pt", "jr", "sr", "gen", "gov", "sen", "sens",
            "rep", "reps", "col", "lt", "sgt", "capt", "adm", "maj", "cmdr", "rev", "hon", "inc", "corp",
            "co", "ltd", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec", "no", "nos", "vs", "etc", "calif", "cal", "ala", "ariz", "ark", "colo", "conn",
            "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich", "minn",
            "miss", "mo", "mont", "neb", "nebr", "nev", "okla", "ore", "oreg", "pa", "penn", "tenn", "tex",
            "vt", "va", "wash", "wis", "wisc", "wyo", "ont", "que", "alta", "man", "sask", "ave", "blvd",
            "dept", "univ", "assn", "approx", "gov't", "govt", "messrs", "mme", "mlle", "sra", "sr", "dott",
        ];

        pub(super) type Tok = (usize, usize, String, u16, char);

        pub(super) fn tokenize(text: &str) -> Vec<Tok> {
            let mut toks: Vec<Tok> = Vec::new();
            let bytes = text.as_bytes();
            let mut pos = 0;
            let mut sentence = true;
            let mut newline_seen = false;
            let mut indent = 0;
            let mut paragraph = false;
            while pos < bytes.len() {
                let c = char_at(text, pos);
                let clen = c.len_utf8();
                if c.is_whitespace() {
                    if c == '\n' {
                        if newline_seen {
                            paragraph = true;
                        }
                        newline_seen = true;
                        indent = 0;
                    } else if newline_seen {
                        indent += if c == '\t' { 2 } else { 1 };
                        if indent >= 2 {
                            paragraph = true;
                        }
                    }
                    pos += clen;
                    continue;
                }
                newline_seen = false;
                let par_start = std::mem::take(&mut paragraph) && !toks.is_empty();
                if par_start {
                    sentence = true;
                }
                let first = toks.len();
                if c.is_alphanumeric() {
                    pos = word(&mut toks, text, pos, &mut sentence);
                } else if c == '&' {
                    toks.push((pos, pos + 1, "&".into(), WORD, '\0'));
                    pos += 1;
                } else {
                    if matches!(c, '.' | '!' | '?') {
                        sentence = true;
                    }
                    toks.push((pos, pos + clen, String::new(), 0, c));
                    pos += clen;
                }
                if par_start && let Some(t) = toks.get_mut(first) {
                    t.3 |= PAR_START;
                }
            }
            toks
        }

        fn word(toks: &mut Vec<Tok>, text: &str, start: usize, sentence: &mut bool) -> usize {
            let bytes = text.as_bytes();
            let mut pos = start;
            let mut possessive_at = None;
            while pos < bytes.len() {
                let c = char_at(text, pos);
                if c.is_alphanumeric() {
                    pos += c.len_utf8();
                    continue;
                }
                if matches!(c, '-' | '\'' | '’' | '.' | '&') {
                    let after = pos + c.len_utf8();
                    let next = (after < bytes.len()).then(|| char_at(text, after));
                    if let Some(n) = next.filter(|n| n.is_alphanumeric()) {
                        if matches!(c, '\'' | '’') && matches!(n, 's' | 'S') {
                            let after_s = after + 1;
                            let next2 = (after_s < bytes.len()).then(|| char_at(text, after_s));
                            if !next2.is_some_and(|x| x.is_alphanumeric()) {
                                possessive_at = Some((pos, after_s));
                                break;
                            }
                        }
                        pos = after;
                        continue;
                    }
                }
                break;
            }
            let mut end = pos;
            let mut flags = WORD;
            let mut norm = String::new();
            push_norm(&mut norm, &text[start..end]);
            if possessive_at.is_none() && end < bytes.len() && bytes[end] == b'.' {
                let raw = &text[start..end];
                let single_letter = raw.chars().count() == 1 && raw.chars().all(char::is_alphabetic);
                if single_letter || raw.contains('.') || ABBREVIATIONS.contains(&norm.as_str()) {
                    end += 1;
                    flags |= ABBR;
                    if single_letter && raw.chars().all(char::is_uppercase) {
                        flags |= INITIAL;
                    }
                }
            }
            flags |= word_shape(&text[start..end]);
            if *sentence {
                flags |= SENT_START;
                *sentence = false;
            }
            toks.push((start, end, norm, flags, '\0'));
            if let Some((ap, after_s)) = possessive_at {
                toks.push((ap, after_s, "'s".into(), WORD | POSSESSIVE, '\0'));
                return after_s;
            }
            end
        }
    }

    fn agrees_with_reference(text: &str) -> Result<(), String> {
        let mut t = Tokens::new();
        t.tokenize(text);
        let got: Vec<reference::Tok> = t
            .toks
            .iter()
            .enumerate()
            .map(|(i, k)| (k.start, k.end, t.norm(i).to_string(), k.flags, k.punct))
            .collect();
        let want = reference::tokenize(text);
        if got != want {
            return Err(format!("{text:?}:\n got {got:?}\nwant {want:?}"));
        }
        // The key of every run of words is its words' keys joined by spaces.
        for i in 0..t.len() {
            let mut j = i;
            let mut joined = String::new();
            while j < t.len() && t.toks[j].is_word() && j < i + 5 {
                if j > i {
                    joined.push(' ');
                }
                joined.push_str(t.norm(j));
                j += 1;
                if t.key(i, j) != joined {
                    return Err(format!("{text:?}: key({i}, {j}) {:?} != {joined:?}", t.key(i, j)));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn fast_paths_agree_with_the_reference() {
        for text in [
            "Mr. O'Brien of the U.S. met Lee Jae-myung at AT&T. Trump’s plan and People's Bank",
            "the Chicago-based company, al-Assad and el-Sisi; Jae-Myung, Geun-hye. Jong-un.",
            "STATE-OWNED state-owned. Chicago-based. J. Smith J.R.R. Tolkien e. e. cummings",
            "Zürich São Paulo Łódź ÉCOLE Ærø 北京 Ὀδυσσεύς ﬁnance İstanbul straße",
            "No. 5 vs. 6 etc. Calif. gov't. Messrs. Smith\n\n  Noam\r\n\r\n\tsaid\u{a0}so\u{2028}x",
            "1980s 3-D 4.5 pct 0.7 co-operation U.S.-Japan 's 'S x's x’S's A&P & P&G&",
        ] {
            agrees_with_reference(text).unwrap();
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// Any text of words, marks and accents tokenises as the reference does.
        #[test]
        fn tokenising_agrees_with_the_reference(
            text in "([A-Za-z0-9]{1,7}|[ .,!?'’&\\-\n\t\r\u{b}\u{a0}]|[éÉüßŁ北ﬁİ]|al-|el-|-based|-owned|Mr|[sS]){0,40}"
        ) {
            if let Err(e) = agrees_with_reference(&text) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    #[test]
    fn words_keep_inner_marks_and_abbreviation_periods() {
        let w = words("Mr. O'Brien of the U.S. met Lee Jae-myung at AT&T.");
        let surface: Vec<&str> = w.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            surface,
            ["Mr.", "O'Brien", "of", "the", "U.S.", "met", "Lee", "Jae-myung", "at", "AT&T", "."]
        );
        assert_eq!(w[4].1, "us");
        assert_eq!(w[0].1, "mr");
    }

    #[test]
    fn possessive_is_split_off() {
        let w = words("Trump’s plan and People's Bank");
        let surface: Vec<&str> = w.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(surface, ["Trump", "’s", "plan", "and", "People", "'s", "Bank"]);
        assert_eq!(w[1].1, "'s");
    }

    #[test]
    fn keys_fold_accents() {
        let w = words("Zürich São Paulo Łódź");
        let keys: Vec<&str> = w.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["zurich", "sao", "paulo", "lodz"]);
        assert_eq!(phrase_key("São Paulo"), "sao paulo");
        assert_eq!(phrase_key("People's Bank of China"), "people 's bank of china");
    }

    #[test]
    fn paragraphs_start_after_blank_lines_and_indents() {
        let mut t = Tokens::new();
        t.tokenize("Noam Chomsky\n\nNoam said Clayton Yeutter\n    Speaking to Edouard\nBalladur");
        let starts: Vec<&str> =
            (0..t.len()).filter(|&i| t.toks[i].has(PAR_START)).map(|i| t.norm(i)).collect();
        assert_eq!(starts, ["noam", "speaking"], "a plain line break is no paragraph");
        assert!(t.toks[2].has(SENT_START));
    }

    #[test]
    fn shapes_and_sentence_starts() {
        let mut t = Tokens::new();
        t.tokenize("The IMF met. Lee Jae-myung said J. Smith and al-Assad agreed.\n\nNew day");
        let find = |s: &str| (0..t.len()).find(|&i| t.norm(i) == s).unwrap();
        assert!(t.toks[find("the")].has(SENT_START | CAP));
        assert!(t.toks[find("imf")].has(UPPER | CAP));
        assert!(t.toks[find("lee")].has(SENT_START));
        assert!(t.toks[find("jae-myung")].has(HYPHEN_GIVEN));
        assert!(t.toks[find("j")].has(INITIAL | ABBR));
        assert!(t.toks[find("al-assad")].has(CAP));
        assert!(t.toks[find("new")].has(SENT_START));
        assert!(!t.toks[find("said")].has(SENT_START));
        let mut t = Tokens::new();
        t.tokenize("the Chicago-based company");
        assert!(!t.toks[1].has(CAP), "a hyphenated adjective is no name");
    }
}
