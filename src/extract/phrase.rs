//! [`PhraseMap`]: multi-word names looked up at a token position, longest first.
//!
//! Keys are token keys joined by single spaces ("south korea", "bank of japan"). A second table
//! holds, for each first word, the length in words of its longest key, so a position whose word
//! starts no name costs one hash probe, and one that does costs at most that many more.

use super::hash::FastSet;
use super::packed::Phrases;
use super::token::Tokens;

/// Names of one or more words mapped to values: the key tables of [`Phrases`] (built at start for
/// the short lists, compiled at build time for the gazetteer) and the values in key order.
#[derive(Debug, Default)]
pub(crate) struct PhraseMap<V> {
    phrases: Phrases,
    values: Vec<V>,
}

impl<V> PhraseMap<V> {
    /// A map over `pairs` (keys already normalised, words separated by one space); keeps the
    /// first value given for a key and drops empty keys.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, V)>) -> Self {
        let mut seen: FastSet<String> = FastSet::default();
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (key, value) in pairs {
            if !key.is_empty() && !seen.contains(&key) {
                seen.insert(key.clone());
                keys.push(key);
                values.push(value);
            }
        }
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        // Only a table of over four billion keys fails, far beyond any list in data/.
        let phrases = Phrases::build(&refs).unwrap_or_default();
        Self { phrases, values }
    }

    /// A map over compiled tables whose key `i` has value `values[i]`; `None` when the counts
    /// differ.
    pub fn from_parts(phrases: Phrases, values: Vec<V>) -> Option<Self> {
        (phrases.len() == values.len()).then_some(Self { phrases, values })
    }

    /// Number of keys.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Key number `i` and its value.
    #[cfg(test)]
    pub fn entry(&self, i: usize) -> (&[u8], &V) {
        (self.phrases.key(i), &self.values[i])
    }

    /// The longest phrase starting with word `head`, in words (`None`: no key starts with it).
    #[cfg(test)]
    pub fn head_words(&self, head: &str) -> Option<usize> {
        self.phrases.head_words(head)
    }

    /// The value of an exact key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        self.phrases.get(key).and_then(|i| self.values.get(i))
    }

    /// The longest name starting at word token `i` and ending before token `limit`, as (number
    /// of tokens, value). Only consecutive word tokens form a name; punctuation ends it.
    pub fn longest(&self, toks: &Tokens, i: usize, limit: usize) -> Option<(usize, &V)> {
        if i >= limit || !toks.toks[i].is_word() {
            return None;
        }
        let max = self.phrases.head_words(toks.norm(i))?;
        let mut n = 1;
        while n < max && i + n < limit && toks.toks[i + n].is_word() {
            n += 1;
        }
        while n > 0 {
            if let Some(v) = self.get(toks.key(i, i + n)) {
                return Some((n, v));
            }
            n -= 1;
        }
        None
    }

    /// The longest name ending just before token `end` and starting at or after `floor`, as
    /// (number of tokens, value). Used to find a lowercase role before a name ("chief executive
    /// Tim Cook").
    pub fn longest_ending(&self, toks: &Tokens, end: usize, floor: usize) -> Option<(usize, &V)> {
        let mut best = None;
        let mut n = 1;
        while n <= self.phrases.max_words().min(4) && n <= end.saturating_sub(floor) {
            let s = end - n;
            if !toks.toks[s].is_word() {
                break;
            }
            if let Some(v) = self.get(toks.key(s, end)) {
                best = Some((n, v));
            }
            n += 1;
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins_and_punctuation_ends_names() {
        let m = PhraseMap::from_pairs([
            ("south".into(), 1),
            ("south korea".into(), 2),
            ("south korean".into(), 3),
        ]);
        let mut t = Tokens::new();
        t.tokenize("South Korean officials. South, Korea");
        assert_eq!(m.longest(&t, 0, t.len()), Some((2, &3)));
        let second = (1..t.len()).find(|&i| t.norm(i) == "south").unwrap();
        assert_eq!(m.longest(&t, second, t.len()), Some((1, &1)));
        assert_eq!(m.longest(&t, 2, t.len()), None);
    }

    #[test]
    fn longest_ending_finds_roles_before_a_name() {
        let m = PhraseMap::from_pairs([
            ("executive".into(), 1),
            ("chief executive".into(), 2),
            ("executive".into(), 3),
        ]);
        let mut t = Tokens::new();
        t.tokenize("said chief executive Tim Cook");
        assert_eq!(m.longest_ending(&t, 3, 0), Some((2, &2)));
    }
}
