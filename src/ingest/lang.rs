//! Which language an article is written in, when its metadata does not say: whatlang's
//! trigram detector on the title and the head of the body, kept only when it is reliable.

/// How much of the body the detector reads: enough for a confident answer, cheap on long stories.
const SAMPLE_CHARS: usize = 2_000;

/// Fewer letters than this is too little text to name a language.
const MIN_LETTERS: usize = 40;

/// The ISO 639-1 code of the language of `title` and `body`, when whatlang is confident.
pub fn detect_lang(title: &str, body: &str) -> Option<String> {
    let mut sample: String = title.chars().take(300).collect();
    sample.push('\n');
    sample.extend(body.chars().take(SAMPLE_CHARS));
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    iso_639_1(info.lang().code()).map(str::to_string)
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
    fn too_little_text_is_unknown() {
        assert_eq!(detect_lang("Hi", "Short."), None);
        assert_eq!(detect_lang("", "1234 5678 90"), None);
    }

    #[test]
    fn every_whatlang_language_maps_or_is_none() {
        for lang in whatlang::Lang::all() {
            let _ = iso_639_1(lang.code());
        }
        assert_eq!(iso_639_1("xxx"), None);
    }
}
