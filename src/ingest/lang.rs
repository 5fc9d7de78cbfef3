//! Which language an article is written in, when its metadata does not say: English when the
//! title and the head of the body are plainly English (many English function words), else
//! whatlang's trigram detector on them, kept only when it is reliable. And
//! which stored codes a language a user names (`--lang French`) stands for.

use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, StopWordFilter, TextAnalyzer, TokenStream};

use crate::index::analyzer::{LANGUAGES, analysis_of};
use crate::ingest::text::normalize_lang;

/// How much of the body the detector reads: enough for a confident answer on a news story
/// (whatlang is reliable from a few sentences), and a bounded cost: detection on 2,000
/// characters was an eighth of the CPU time of an index build.
const SAMPLE_CHARS: usize = 500;

/// Fewer letters than this is too little text to name a language.
const MIN_LETTERS: usize = 40;

/// The ISO 639-1 code of the language of `title` and `body`: `en` for plainly English text,
/// else whatlang's answer when it is confident.
pub fn detect_lang(title: &str, body: &str) -> Option<String> {
    let parts = [first_chars(title, 300), first_chars(body, SAMPLE_CHARS)];
    let letters: usize = parts.iter().map(|part| part.chars().filter(|c| c.is_alphabetic()).count()).sum();
    if letters < MIN_LETTERS {
        return None;
    }
    if plainly_english(&parts) {
        return Some("en".to_string());
    }
    let sample = parts.join("\n");
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = iso_639_1(info.lang().code())?;
    if analysis_of(Some(code))
        .is_some_and(|a| stop_word_share(a.language, &sample).is_some_and(|s| s < MIN_STOP_SHARE))
    {
        return None;
    }
    Some(code.to_string())
}

/// The first `n` characters of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(end, _)| &text[..end])
}

/// Share of a sample's words that must be stop words of the language whatlang names, when
/// tantivy has a list for it. Prose in any language is a third or more function words; the
/// earnings tables of the Reuters stories ("Shr loss nil vs profit 19 cts / Net loss 3,175 vs
/// profit 284,945") have none, and whatlang called 124 of the bench corpus French.
const MIN_STOP_SHARE: f32 = 0.1;

/// The share of `sample`'s words that are stop words of `language`, if tantivy lists them.
fn stop_word_share(language: Language, sample: &str) -> Option<f32> {
    let stop = StopWordFilter::new(language)?;
    let words = |analyzer: &mut TextAnalyzer| {
        let mut stream = analyzer.token_stream(sample);
        let mut n = 0usize;
        while stream.advance() {
            n += 1;
        }
        n
    };
    let all = words(&mut TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).build());
    let kept =
        words(&mut TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(stop).build());
    Some(all.saturating_sub(kept) as f32 / all.max(1) as f32)
}

/// Words frequent in any English prose and rare in the other languages whatlang knows in the
/// Latin script.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "with", "that", "said", "from", "are", "were", "have", "had", "been", "this",
    "which", "would", "their", "its", "after", "not", "but", "they", "his", "it",
];

/// Words frequent in English that other languages use too (Spanish `he`, `has`; German `in`,
/// `an`, `was`, `will`; Dutch `is`, `in`, `op`; Danish `at`, `for`, `by`; Polish `to`...):
/// they count only beside the words above.
const SHARED_WORDS: &[&str] =
    &["to", "in", "a", "is", "on", "for", "by", "at", "was", "has", "he", "an", "will"];

/// Share of a sample's words that must be [`ENGLISH_WORDS`] for it to be English without
/// asking whatlang, which compares every sample with the trigram profiles of every
/// Latin-script language: an eighth of the CPU time of a build. On the bench corpus (18,222
/// Reuters and BBC stories) the median sample has 17% of such words and 29% with
/// [`SHARED_WORDS`]; the French, German, Dutch, Danish and Spanish samples of the tests at
/// most 3% and 19%.
const ENGLISH_SHARE: f32 = 0.06;

/// Share of a sample's words that must be [`ENGLISH_WORDS`] or [`SHARED_WORDS`].
const WITH_SHARED_SHARE: f32 = 0.2;

/// Shorter samples are left to whatlang, which calls a one-sentence story unknown rather than
/// English: a few words are not enough to say.
const MIN_ENGLISH_WORDS: usize = 30;

/// Wire abbreviations a sample of any length needs to be English by them, with
/// [`WITH_SHARED_SHARE`] of its words English or wire words.
const MIN_WIRE_WORDS: usize = 2;

/// Whether `sample` is English beyond doubt: ASCII words, enough of them English function
/// words, or a wire table of [`crate::wire`]'s abbreviations (a table has few function words
/// and few words at all: 2,913 of the 18,222 bench corpus stories went to whatlang, most of
/// them such tables, each costing half a million instructions, 5% of a build's). Other tables,
/// lists of names and short items are left to whatlang.
fn plainly_english(sample: &[&str]) -> bool {
    let (mut words, mut english, mut shared, mut wire, mut foreign) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let all = sample.iter().flat_map(|part| part.split(|c: char| !c.is_alphabetic() && c != '\''));
    for word in all {
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        words += 1;
        if !word.is_ascii() {
            foreign += 1;
        } else if word.len() <= 5 {
            let mut buffer = [0u8; 5];
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            let lower: &[u8] = lower;
            let is = |list: &[&str]| list.iter().any(|w| w.as_bytes() == lower);
            if is(ENGLISH_WORDS) {
                english += 1;
            } else if is(SHARED_WORDS) {
                shared += 1;
            } else if crate::wire::is_abbreviation(lower) {
                wire += 1;
            }
        }
    }
    let share = |n: usize| n as f32 / words.max(1) as f32;
    let prose = words >= MIN_ENGLISH_WORDS
        && share(english) >= ENGLISH_SHARE
        && share(english + shared) >= WITH_SHARED_SHARE;
    let table = wire >= MIN_WIRE_WORDS && share(english + shared + wire) >= WITH_SHARED_SHARE;
    foreign * 20 <= words && (prose || table)
}

/// The codes an article's language may be stored as, for a language a user names (`--lang`):
/// an ISO 639-1 code or a language tag (`fr`, `pt-BR`), a three-letter ISO 639-2/T, 639-2/B or
/// 639-3 code (`fra`, `fre`), or an English name (`French`), in any case. Norwegian (`no`,
/// `nb`, `nn`, `nor`, `Norwegian`, `Bokmal`) gives all three codes, as its analysis does.
/// `None` for a value that names no language dateline knows.
pub fn language_codes(value: &str) -> Option<Vec<String>> {
    let value = value.trim();
    // The names are whatlang's and, for the languages tantivy stems (Norwegian is not among
    // whatlang's names), the stemmer's.
    let named = whatlang::Lang::all()
        .iter()
        .find(|l| l.eng_name().eq_ignore_ascii_case(value))
        .and_then(|l| iso_639_1(l.code()))
        .or_else(|| {
            LANGUAGES.iter().find(|a| format!("{:?}", a.language).eq_ignore_ascii_case(value)).map(|a| a.code)
        });
    let code = match named {
        Some(code) => code.to_string(),
        None => {
            let code = normalize_lang(value)?;
            match code.len() {
                2 => code,
                _ => iso_639_1(&code)?.to_string(),
            }
        }
    };
    Some(match analysis_of(Some(&code)) {
        Some(analysis) => analysis.codes.iter().map(ToString::to_string).collect(),
        None => vec![code],
    })
}

/// The two-letter code of a whatlang (ISO 639-3) code; `None` for languages without one.
fn iso_639_1(code: &str) -> Option<&'static str> {
    let two = match code {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        _ => return None,
    };
    Some(two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_languages() {
        let fr = "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, \
                  après un long débat sur les transports publics et les écoles.";
        assert_eq!(detect_lang("Le budget est voté", fr).as_deref(), Some("fr"));
        let de = "Der Stadtrat hat am Dienstagabend den Haushalt für das kommende Jahr beschlossen, \
                  nach einer langen Debatte über den Nahverkehr und die Schulen der Stadt.";
        assert_eq!(detect_lang("Haushalt beschlossen", de).as_deref(), Some("de"));
        let en = "The city council approved next year's budget on Tuesday evening after a long debate \
                  about public transport and the schools of the city.";
        assert_eq!(detect_lang("Budget approved", en).as_deref(), Some("en"));
    }

    #[test]
    fn plain_english_needs_no_trigrams_and_others_still_get_them() {
        let en = "The city council approved next year's budget on Tuesday evening after a long debate \
                  about public transport and the schools of the city, officials said. The mayor said \
                  that the plan would be put to a vote again in the spring.";
        assert!(plainly_english(&[en]));
        let short = "Steel tariffs rise\nWASHINGTON, June 4 (Reuters) - Tariffs on steel rose again on \
                     Wednesday, officials said";
        assert!(!plainly_english(&[short]), "too few words to say");
        let fr = "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, \
                  après un long débat sur les transports publics et les écoles.";
        let de = "Der Stadtrat hat am Dienstagabend den Haushalt für das kommende Jahr beschlossen, \
                  nach einer langen Debatte über den Nahverkehr und die Schulen der Stadt.";
        let nl = "De gemeenteraad heeft dinsdagavond de begroting voor het komende jaar goedgekeurd, \
                  na een lang debat over het openbaar vervoer en de scholen van de stad of de regio.";
        let da = "Byrådet vedtog tirsdag aften budgettet for det kommende år efter en lang debat om den \
                  offentlige transport og byens skoler. Det er for at han vil have at by skal være god.";
        let es = "El consejo municipal aprobó el martes por la noche el presupuesto de la ciudad para el \
                  próximo año, tras un largo debate sobre el transporte público. He has dicho a la prensa.";
        let table = "MLX CORP <MLXX> 4TH QTR LOSS\nTROY, Mich., March 13 - Shr loss 12 cts vs profit one \
                     ct\n Net loss 1,815,000 vs profit 65,000\n Revs 59.9 mln vs 2,798,000";
        assert!(plainly_english(&[table]), "a wire table is English");
        let dividend = "BAKER FOODS <BKF> DECLARES STOCK DIVIDEND\nAKRON, Ohio, June 2 - Qtly div five pct \
                        stock vs five pct stock\n Pay July 9\n Record June 20";
        assert!(plainly_english(&[dividend]), "a dividend notice is English");
        let prices = "CBT SOYBEAN OIL SPREADS\nAPRIL 7 - 1100 hrs cdt\n MONTHS LAST DIFFERENCE\n May/Jul \
                      0.34 under 0.35 under\n Jul/Aug 0.16 under 0.17 under";
        for other in [fr, de, nl, da, es, prices] {
            assert!(!plainly_english(&[other]), "{other}");
        }
    }

    #[test]
    fn a_table_is_not_french_and_french_prose_is() {
        let table = "Shr loss nil vs profit 19 cts\n    Net loss 3,175 vs profit 284,945\n    Revs 13.6 mln \
                     vs 10.6 mln\n    Year\n    Shr profit 13 cts vs profit 56 cts\n    Net profit 195,202 \
                     vs profit 857,006\n    Revs 47.5 mln vs 42.9 mln";
        assert!(stop_word_share(Language::French, table).unwrap() < MIN_STOP_SHARE);
        assert_ne!(detect_lang("QUESTECH INC <QTEC> YEAR NET", table).as_deref(), Some("fr"));
        let fr = "Le chômage a baissé de 0,3 point en 2024, à 7,1 %, selon l'Insee, qui compte 2,3 millions \
                  de chômeurs au quatrième trimestre, soit 68 000 de moins qu'un an plus tôt.";
        assert!(stop_word_share(Language::French, fr).unwrap() >= MIN_STOP_SHARE);
        assert_eq!(detect_lang("Le chômage baisse", fr).as_deref(), Some("fr"));
        assert_eq!(stop_word_share(Language::Tamil, fr), None, "no list: whatlang's answer stands");
    }

    #[test]
    fn too_little_text_is_unknown() {
        assert_eq!(detect_lang("Hi", "Short."), None);
        assert_eq!(detect_lang("", "1234 5678 90"), None);
    }

    #[test]
    fn languages_users_name() {
        let codes = |v: &str| language_codes(v).map(|c| c.join(" "));
        for value in ["fr", "FR", "fra", "fre", "French", "french", " fr-CA "] {
            assert_eq!(codes(value).as_deref(), Some("fr"), "{value}");
        }
        for value in ["de", "deu", "ger", "German"] {
            assert_eq!(codes(value).as_deref(), Some("de"), "{value}");
        }
        for value in ["no", "nb", "nn", "nor", "nob", "nno", "Norwegian", "Bokmal"] {
            assert_eq!(codes(value).as_deref(), Some("no nb nn"), "{value}");
        }
        assert_eq!(codes("ukr").as_deref(), Some("uk"), "a whatlang code");
        assert_eq!(codes("Ukrainian").as_deref(), Some("uk"));
        assert_eq!(codes("ga").as_deref(), Some("ga"), "any two-letter code");
        for value in ["", "xyz", "Frenchh", "Klingon", "f"] {
            assert_eq!(codes(value), None, "{value}");
        }
    }

    #[test]
    fn every_whatlang_language_maps_or_is_none() {
        for lang in whatlang::Lang::all() {
            let _ = iso_639_1(lang.code());
        }
        assert_eq!(iso_639_1("xxx"), None);
    }
}
