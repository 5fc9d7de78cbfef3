//! [`national_teams`]: in a match report, a country that plays is its national team
//! ("Sweden 1 – 0 Korea Republic", "Tunisia lost 1 – 2 to England"), and so is a home nation
//! or a city that plays ("England beat Wales 2-1", "Liverpool lost 0 – 1 to Leeds").
//!
//! A sports story names teams by their country, and there every mention of a playing country
//! ("Sweden had higher ball possession", "Korea substituted Park Joo-Ho") is the team, an
//! organisation, not the land: a reader listing the story's organisations expects the teams.
//! The country is still linked (the story stays in the country's facet and filter).
//!
//! Two pieces of evidence, both needed, so that business and political stories (where
//! "Japan 10-15 billion yen" or "the U.S. beat expectations" happen) are left alone:
//!
//! * the story reads as a match report: at least two different words only sports reporting
//!   uses ("referee", "goalkeeper", "penalty", "tournament", "scored"...);
//! * the country stands right next to a score: "Sweden 1 – 0", "1 – 0 Korea Republic", "lost
//!   1 – 2 to England", "Tunisia lost 1 – 2", "defeated Panama 3 – 0", or is the other side of
//!   such a result ("*Belgium* defeated Panama 3 – 0").
//!
//! Such a country is then the team wherever the story names it. A player's country ("Nicolas
//! Kiefer of Germany 6-4 6-4", "of the Ukraine", tennis) stands beside the player's score, not
//! a team's: "of" before the country rules it out.

use super::gazetteer::NO_PLACE;
use super::hash::FastSet;
use super::recognizer::Part;
use super::resolver::Resolved;
use super::token::{DIGIT, Tokens};
use crate::model::EntityKind;

/// Words of sports reporting that business and political news hardly uses (lowercase keys).
fn is_sports_word(key: &str) -> bool {
    matches!(
        key,
        "referee"
            | "goalkeeper"
            | "striker"
            | "midfielder"
            | "defender"
            | "penalty"
            | "halftime"
            | "half-time"
            | "scored"
            | "equaliser"
            | "equalizer"
            | "equalise"
            | "equalize"
            | "tournament"
            | "championship"
            | "innings"
            | "wicket"
            | "scoreboard"
            | "semifinal"
            | "semi-final"
            | "quarterfinal"
            | "quarter-final"
            | "stadium"
    )
}

/// Whether the story reads as a match report: two different sports words at least.
fn match_report(toks: &Tokens) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    for i in 0..toks.len() {
        if toks.toks[i].is_word() && !toks.toks[i].has(DIGIT) {
            let key = toks.norm(i);
            if is_sports_word(key) && !seen.contains(&key) {
                seen.push(key);
                if seen.len() >= 2 {
                    return true;
                }
            }
        }
    }
    false
}

/// A goal count: one to three digits and nothing else.
fn goals(s: &str) -> bool {
    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The score starting at token `i` ("1-0" as one word, or "1 – 0"): the token after it.
fn score_at(text: &str, toks: &Tokens, i: usize) -> Option<usize> {
    let t = toks.toks.get(i)?;
    if !t.is_word() || !t.has(DIGIT) {
        return None;
    }
    let word = &text[t.start..t.end];
    let end = if let Some((a, b)) = word.split_once('-') {
        (goals(a) && goals(b)).then_some(i + 1)?
    } else {
        let dash = toks.toks.get(i + 1)?;
        let second = toks.toks.get(i + 2)?;
        let ok = goals(word)
            && matches!(dash.punct, '-' | '–' | '—')
            && second.is_word()
            && goals(&text[second.start..second.end]);
        ok.then_some(i + 3)?
    };
    // "1-1/2", "10-15 %": a fraction or a range of something else.
    match toks.toks.get(end) {
        Some(n) if matches!(n.punct, '/' | '%' | '.') && n.start == toks.toks[end - 1].end => None,
        _ => Some(end),
    }
}

/// The score ending at token `end` (exclusive): whether there is one.
fn score_before(text: &str, toks: &Tokens, end: usize) -> bool {
    (1..=3).any(|len| end >= len && score_at(text, toks, end - len) == Some(end))
}

/// Whether the mention at tokens `a..b` of the body stands next to a score.
fn beside_score(text: &str, toks: &Tokens, a: usize, b: usize) -> bool {
    // "beat Nicolas Kiefer of Germany 6-4 6-4": the score is the player's, the country his.
    let det = usize::from(a > 0 && toks.is_norm(a - 1, "the"));
    if a > det && toks.is_norm(a - det - 1, "of") {
        return false;
    }
    if score_at(text, toks, b).is_some() {
        return true;
    }
    // "1 – 0 Korea Republic", "lost 1 – 2 to England", "a 3-0 win over Panama".
    let mut s = a;
    if s > 0
        && toks.toks[s - 1].is_word()
        && matches!(toks.norm(s - 1), "to" | "against" | "over" | "with" | "v" | "vs")
    {
        s -= 1;
        if s > 0
            && toks.toks[s - 1].is_word()
            && matches!(toks.norm(s - 1), "win" | "victory" | "defeat" | "loss")
        {
            s -= 1;
        }
    }
    score_before(text, toks, s) || (is_result_verb(toks, b) && score_at(text, toks, b + 1).is_some())
}

/// Whether token `i` is a verb of a match's result ("beat", "lost", "drew").
fn is_result_verb(toks: &Tokens, i: usize) -> bool {
    i < toks.len()
        && toks.toks[i].is_word()
        && matches!(
            toks.norm(i),
            "beat"
                | "beats"
                | "defeated"
                | "defeats"
                | "drew"
                | "draws"
                | "faced"
                | "faces"
                | "lost"
                | "loses"
                | "edged"
                | "thrashed"
                | "routed"
                | "played"
                | "plays"
                | "tied"
        )
}

/// Makes every visible mention of a playing country (or region or city) an organisation (the
/// team), its place kept so the country still links. `text` and `toks` are the body's.
pub(crate) fn national_teams(text: &str, toks: &Tokens, resolved: &mut [Resolved]) {
    // Countries, and the places teams are named after too: the home nations ("England", a
    // region in the gazetteer), states and cities ("Texas", "Liverpool").
    let places = |m: &Resolved| m.kind == EntityKind::Place && !m.hidden && m.place != NO_PLACE;
    // Cheap first: most stories name no country beside a score.
    let body: Vec<&Resolved> =
        resolved.iter().filter(|m| places(m) && m.part == Part::Body && m.toks.1 <= toks.len()).collect();
    let beside: Vec<bool> = body.iter().map(|m| beside_score(text, toks, m.toks.0, m.toks.1)).collect();
    if !beside.contains(&true) || !match_report(toks) {
        return;
    }
    let mut teams: FastSet<u32> = FastSet::default();
    for (i, m) in body.iter().enumerate() {
        // "Sweden defeated South Korea 1 – 0": the other side of a result plays too.
        let plays_next = is_result_verb(toks, m.toks.1)
            && body.get(i + 1).is_some_and(|n| n.toks.0 == m.toks.1 + 1)
            && beside.get(i + 1) == Some(&true);
        if beside[i] || plays_next {
            teams.insert(m.place);
        }
    }
    for m in resolved.iter_mut().filter(|m| places(m) && teams.contains(&m.place)) {
        m.kind = EntityKind::Organization;
    }
}

#[cfg(test)]
mod tests {
    use super::super::Extractor;
    use crate::model::{Article, EntityKind};

    fn enrich(body: &str) -> Article {
        let mut a = Article { body: body.to_string(), ..Article::default() };
        Extractor::global().enrich(&mut a);
        a
    }

    fn kinds(a: &Article, text: &str) -> Vec<EntityKind> {
        a.mentions.iter().filter(|m| m.text == text).map(|m| m.kind).collect()
    }

    const REPORT: &str = "Sweden beat Peru 1 – 0 in the tournament on Monday. Sweden had more of the ball, \
        and the referee sent off a Peru defender. Chile drew 2-2 with Ecuador in Santiago.";

    #[test]
    fn a_country_beside_a_score_in_a_match_report_is_its_team() {
        let a = enrich(REPORT);
        assert_eq!(kinds(&a, "Sweden"), [EntityKind::Organization; 2], "{:?}", a.mentions);
        assert_eq!(kinds(&a, "Peru"), [EntityKind::Organization; 2], "{:?}", a.mentions);
        assert_eq!(kinds(&a, "Chile"), [EntityKind::Organization], "{:?}", a.mentions);
        assert_eq!(kinds(&a, "Ecuador"), [EntityKind::Organization], "{:?}", a.mentions);
        assert!(a.organizations.iter().any(|o| o == "Sweden"), "{:?}", a.organizations);
        // The countries still link, and a city stays a place.
        for c in ["Sweden", "Peru", "Chile"] {
            assert!(a.places.iter().any(|p| p.name == c), "{c}: {:?}", a.places);
        }
        assert_eq!(kinds(&a, "Santiago"), [EntityKind::Place], "{:?}", a.mentions);
        // Teams named after a home nation (a region in the gazetteer) or a city.
        let a = enrich(
            "England beat Wales 2-1 at the stadium, and the referee gave two penalty kicks. \
             Liverpool lost 0 – 1 to Leeds. England play again on Sunday.",
        );
        assert_eq!(kinds(&a, "England"), [EntityKind::Organization; 2], "{:?}", a.mentions);
        for team in ["Wales", "Liverpool", "Leeds"] {
            assert_eq!(kinds(&a, team), [EntityKind::Organization], "{team}: {:?}", a.mentions);
        }
    }

    #[test]
    fn no_match_report_no_team() {
        // A score-like range beside a country, but no sports words.
        let a =
            enrich("Japan 10-15 billion yen of bonds were sold, and Sweden beat forecasts, officials said.");
        assert!(kinds(&a, "Japan").iter().all(|&k| k == EntityKind::Place), "{:?}", a.mentions);
        // A player's country beside his score is no team.
        let a = enrich(
            "In the tournament semi-final he beat Nicolas Kiefer of Germany 6-4 6-4, and the referee left. \
             Then Alyona Bondarenko of the Ukraine lost 6-4 5-7 6-3.",
        );
        assert_eq!(kinds(&a, "Germany"), [EntityKind::Place], "{:?}", a.mentions);
        assert_eq!(kinds(&a, "Ukraine"), [EntityKind::Place], "{:?}", a.mentions);
        // Sports words, but no country beside a score.
        let a = enrich("The referee and the goalkeeper flew to Sweden for the tournament.");
        assert_eq!(kinds(&a, "Sweden"), [EntityKind::Place], "{:?}", a.mentions);
    }
}
