//! [`PhraseMap`]: multi-word names looked up at a token position, longest first.
//!
//! Keys are token keys joined by single spaces ("south korea", "bank of japan"). A second table
//! holds, for each first word, the length in words of its longest key, so a position whose word
//! starts no name costs one hash probe, and one that does costs at most that many more.

use super::hash::FastMap;
use super::token::Tokens;

/// Names of one or more words mapped to values.
#[derive(Debug)]
pub(crate) struct PhraseMap<V> {
    map: FastMap<Box<str>, V>,
    first: FastMap<Box<str>, u8>,
    max_words: usize,
}

impl<V> Default for PhraseMap<V> {
    fn default() -> Self {
        Self { map: FastMap::default(), first: FastMap::default(), max_words: 0 }
    }
}

impl<V> PhraseMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `n` names.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            map: FastMap::with_capacity_and_hasher(n, Default::default()),
            first: FastMap::with_capacity_and_hasher(n, Default::default()),
            max_words: 0,
        }
    }

    /// Adds `key` (already normalised, words separated by one space); keeps the first value
    /// given for a key.
    pub fn insert(&mut self, key: &str, value: V) {
        if key.is_empty() || self.map.contains_key(key) {
            return;
        }
        let words = key.split(' ').count().min(u8::MAX as usize);
        let head = key.split(' ').next().unwrap_or(key);
        match self.first.get_mut(head) {
            Some(slot) => *slot = (*slot).max(words as u8),
            None => {
                self.first.insert(head.into(), words as u8);
            }
        }
        self.max_words = self.max_words.max(words);
        self.map.insert(key.into(), value);
    }

    /// The value of an exact key.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    /// The longest name starting at word token `i` and ending before token `limit`, as (number
    /// of tokens, value). Only consecutive word tokens form a name; punctuation ends it.
    /// `buf` is scratch space reused between calls.
    pub fn longest(&self, toks: &Tokens, i: usize, limit: usize, buf: &mut String) -> Option<(usize, &V)> {
        if i >= limit || !toks.toks[i].is_word() {
            return None;
        }
        let max = *self.first.get(toks.norm(i))? as usize;
        let mut n = 1;
        while n < max && i + n < limit && toks.toks[i + n].is_word() {
            n += 1;
        }
        while n > 0 {
            buf.clear();
            for k in i..i + n {
                if k > i {
                    buf.push(' ');
                }
                buf.push_str(toks.norm(k));
            }
            if let Some(v) = self.map.get(buf.as_str()) {
                return Some((n, v));
            }
            n -= 1;
        }
        None
    }

    /// The longest name ending just before token `end` and starting at or after `floor`, as
    /// (number of tokens, value). Used to find a lowercase role before a name ("chief executive
    /// Tim Cook").
    pub fn longest_ending(
        &self,
        toks: &Tokens,
        end: usize,
        floor: usize,
        buf: &mut String,
    ) -> Option<(usize, &V)> {
        let mut best = None;
        let mut n = 1;
        while n <= self.max_words.min(4) && n <= end.saturating_sub(floor) {
            let s = end - n;
            if !toks.toks[s].is_word() {
                break;
            }
            buf.clear();
            for k in s..end {
                if k > s {
                    buf.push(' ');
                }
                buf.push_str(toks.norm(k));
            }
            if let Some(v) = self.map.get(buf.as_str()) {
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
        let mut m = PhraseMap::new();
        m.insert("south", 1);
        m.insert("south korea", 2);
        m.insert("south korean", 3);
        let mut t = Tokens::new();
        t.tokenize("South Korean officials. South, Korea");
        let mut buf = String::new();
        assert_eq!(m.longest(&t, 0, t.len(), &mut buf), Some((2, &3)));
        let second = (1..t.len()).find(|&i| t.norm(i) == "south").unwrap();
        assert_eq!(m.longest(&t, second, t.len(), &mut buf), Some((1, &1)));
        assert_eq!(m.longest(&t, 2, t.len(), &mut buf), None);
    }

    #[test]
    fn longest_ending_finds_roles_before_a_name() {
        let mut m = PhraseMap::new();
        m.insert("executive", 1);
        m.insert("chief executive", 2);
        let mut t = Tokens::new();
        t.tokenize("said chief executive Tim Cook");
        let mut buf = String::new();
        assert_eq!(m.longest_ending(&t, 3, 0, &mut buf), Some((2, &2)));
    }
}
