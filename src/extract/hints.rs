//! The entities a source tags itself (NITF `<person>`, `<org>`, `<location>`, in
//! [`Article::hints`]) merged with those read from the text, after extraction.
//!
//! A tag is the source's word on what a name is, so it is evidence the rules lack: a tagged
//! name the rules missed is added (with its occurrences in the body as mentions), and a name
//! the rules gave the other kind (a company read as a person) takes the tagged kind. A tagged
//! name that is one form of a name already found ("Favre" for "Lucien Favre") adds nothing. A
//! tagged location counts when the gazetteer knows it.

use crate::model::{Article, EntityKind, Mention};

use super::Extractor;

impl Extractor {
    /// Merges `article.hints` into its people, organisations, places and mentions.
    pub(crate) fn merge_hints(&self, article: &mut Article) {
        let hints = std::mem::take(&mut article.hints);
        for hint in &hints {
            match hint.kind {
                EntityKind::Place => {
                    if let Some(place) = self.resolve_place(&hint.name) {
                        if !article.places.contains(&place) {
                            article.places.push(place.clone());
                        }
                        add_mentions(article, &hint.name, EntityKind::Place, &place.name);
                    }
                }
                kind => merge_name(article, kind, &hint.name),
            }
        }
        article.hints = hints;
    }
}

/// A tagged person or organisation: kept, moved to its kind, or added.
fn merge_name(article: &mut Article, kind: EntityKind, name: &str) {
    let other = if kind == EntityKind::Person { EntityKind::Organization } else { EntityKind::Person };
    // Named as the other kind by the rules: the source's tag wins.
    if let Some(at) = names(article, other).iter().position(|n| n == name) {
        let moved = names_mut(article, other).remove(at);
        names_mut(article, kind).push(moved);
        for m in article.mentions.iter_mut().filter(|m| m.kind == other && m.canonical == name) {
            m.kind = kind;
        }
        return;
    }
    let known = names(article, kind).iter().any(|n| n == name || contains_words(n, name));
    if !known {
        names_mut(article, kind).push(name.to_string());
        add_mentions(article, name, kind, name);
    }
}

fn names(article: &Article, kind: EntityKind) -> &Vec<String> {
    if kind == EntityKind::Person { &article.people } else { &article.organizations }
}

fn names_mut(article: &mut Article, kind: EntityKind) -> &mut Vec<String> {
    if kind == EntityKind::Person { &mut article.people } else { &mut article.organizations }
}

/// Whether `short`'s words appear in order as whole words of `long` ("Favre" in "Lucien Favre").
fn contains_words(long: &str, short: &str) -> bool {
    let long: Vec<&str> = long.split_whitespace().collect();
    let short: Vec<&str> = short.split_whitespace().collect();
    !short.is_empty() && long.windows(short.len()).any(|w| w == short.as_slice())
}

/// Each whole-word occurrence of `text` in the body not inside a mention already, as a mention
/// of `canonical`; mentions stay in text order.
fn add_mentions(article: &mut Article, text: &str, kind: EntityKind, canonical: &str) {
    let body = &article.body;
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut added = Vec::new();
    for (start, _) in body.match_indices(text) {
        let end = start + text.len();
        if is_word(body[..start].chars().next_back()) || is_word(body[end..].chars().next()) {
            continue;
        }
        let taken = article.mentions.iter().any(|m| start < m.start + m.text.len() && m.start < end);
        if !taken {
            added.push(Mention { text: text.to_string(), kind, canonical: canonical.to_string(), start });
        }
    }
    if !added.is_empty() {
        article.mentions.extend(added);
        article.mentions.sort_by_key(|m| m.start);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Article, EntityHint, EntityKind};

    use super::super::Extractor;

    fn hint(kind: EntityKind, name: &str) -> EntityHint {
        EntityHint { kind, name: name.to_string() }
    }

    #[test]
    fn tagged_names_are_evidence() {
        let mut article = Article {
            source: "a.xml".into(),
            title: "Guides vote on summer routes".into(),
            body: "The curator, Lucien Favre, said members of Montenvers would guide visitors from \
                   Geneva. Montenvers voted on Friday, Favre said."
                .into(),
            hints: vec![
                hint(EntityKind::Person, "Lucien Favre"),
                hint(EntityKind::Person, "Favre"),
                hint(EntityKind::Organization, "Montenvers"),
                hint(EntityKind::Place, "Geneva"),
                hint(EntityKind::Place, "Nowhere-in-particular"),
            ],
            ..Article::default()
        };
        Extractor::global().enrich(&mut article);
        assert_eq!(article.people, ["Lucien Favre"], "a short form adds nobody");
        assert_eq!(article.organizations, ["Montenvers"]);
        assert!(article.places.iter().any(|p| p.name == "Geneva"), "{:?}", article.places);
        let orgs: Vec<usize> =
            article.mentions.iter().filter(|m| m.kind == EntityKind::Organization).map(|m| m.start).collect();
        assert_eq!(orgs.len(), 2, "both occurrences: {:?}", article.mentions);
        assert!(article.mentions.windows(2).all(|w| w[0].start <= w[1].start), "in text order");
    }
}
