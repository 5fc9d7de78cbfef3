//! The arithmetic of scoring: counts of hits, misses and false alarms, precision/recall/F1, and
//! the matching of predicted spans against gold spans (strict or lenient).

use serde::Serialize;

use crate::model::EntityKind;

/// True positives, false positives and false negatives, summed over documents (micro-average).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predictions that match a gold item.
    pub tp: usize,
    /// Predictions that match none.
    pub fp: usize,
    /// Gold items no prediction matches.
    pub fn_: usize,
}

impl Counts {
    /// Adds another document's counts.
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// tp / (tp + fp); 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 0 when there is no gold.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// `num / den`, or 0 when `den` is 0.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 { 0.0 } else { num as f64 / den as f64 }
}

/// A typed span of text: byte offsets `[start, end)` in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it names.
    pub kind: EntityKind,
}

/// When a predicted span counts as the gold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// Same offsets (so the same text) and the same kind.
    Strict,
    /// Overlapping offsets and the same kind.
    Lenient,
}

/// Counts one document: each gold span is matched by at most one predicted span and each
/// prediction matches at most one gold span (greedily, in text order, exact matches first).
pub fn match_spans(gold: &[Span], predicted: &[Span], matching: Matching) -> Counts {
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; predicted.len()];
    let mut tp = 0;
    // Exact matches first, so that a lenient pass never pairs a prediction with a neighbour
    // while its exact gold twin stays unmatched.
    for (pi, p) in predicted.iter().enumerate() {
        if let Some(gi) = (0..gold.len()).find(|&gi| !gold_used[gi] && gold[gi] == *p) {
            gold_used[gi] = true;
            pred_used[pi] = true;
            tp += 1;
        }
    }
    if matching == Matching::Lenient {
        for (pi, p) in predicted.iter().enumerate() {
            if pred_used[pi] {
                continue;
            }
            let overlaps = |g: &Span| g.kind == p.kind && g.start < p.end && p.start < g.end;
            if let Some(gi) = (0..gold.len()).find(|&gi| !gold_used[gi] && overlaps(&gold[gi])) {
                gold_used[gi] = true;
                pred_used[pi] = true;
                tp += 1;
            }
        }
    }
    Counts { tp, fp: predicted.len() - tp, fn_: gold.len() - tp }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::{Organization, Person, Place};

    fn s(start: usize, end: usize, kind: EntityKind) -> Span {
        Span { start, end, kind }
    }

    #[test]
    fn arithmetic() {
        let c = Counts { tp: 3, fp: 1, fn_: 2 };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.6);
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
        let mut sum = c;
        sum.add(Counts { tp: 1, fp: 0, fn_: 0 });
        assert_eq!(sum, Counts { tp: 4, fp: 1, fn_: 2 });
    }

    #[test]
    fn strict_and_lenient_on_a_tiny_gold() {
        // "President Nick Bos visited Helsinki University in Finland."
        let gold = [s(10, 18, Person), s(27, 46, Organization), s(50, 57, Place)];
        let predicted = [
            s(0, 18, Person),        // longer span: lenient only
            s(27, 35, Place),        // wrong kind: neither
            s(50, 57, Place),        // exact
            s(60, 65, Organization), // nothing there
        ];
        let strict = match_spans(&gold, &predicted, Matching::Strict);
        assert_eq!(strict, Counts { tp: 1, fp: 3, fn_: 2 });
        let lenient = match_spans(&gold, &predicted, Matching::Lenient);
        assert_eq!(lenient, Counts { tp: 2, fp: 2, fn_: 1 });
        assert_eq!(lenient.precision(), 0.5);
        assert!((lenient.recall() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn one_prediction_matches_one_gold() {
        let gold = [s(0, 4, Person), s(5, 9, Person)];
        let predicted = [s(0, 9, Person)];
        assert_eq!(match_spans(&gold, &predicted, Matching::Lenient), Counts { tp: 1, fp: 0, fn_: 1 });
        // An exact twin is preferred over an earlier overlapping gold span.
        let gold = [s(0, 9, Person), s(5, 9, Person)];
        let predicted = [s(5, 12, Person), s(5, 9, Person)];
        assert_eq!(match_spans(&gold, &predicted, Matching::Lenient), Counts { tp: 2, fp: 0, fn_: 0 });
    }
}
