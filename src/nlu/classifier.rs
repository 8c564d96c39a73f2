//! A multinomial logistic regression over the words of an utterance: which intent's
//! samples it is most like, as probabilities that sum to one.
//!
//! Features are the terms (stems, synonyms read as their group), the pairs of adjacent
//! terms, and the first term, each present or not, scaled to unit length. A feature is
//! known by a 64-bit hash of its words, so no feature's words are kept. Training is
//! plain stochastic gradient descent in a fixed order, so the same samples always give
//! the same model. It is small enough to train at start-up in milliseconds.

use rustc_hash::{FxHashMap as HashMap, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// Passes over the samples: more than a dozen changed no held-out figure by more than a
/// few phrasings, and each pass costs start-up time.
const EPOCHS: usize = 12;
/// The first step size; it shrinks with every pass.
const LEARNING_RATE: f32 = 3.2;
/// How strongly weights are pulled toward zero, so rare words do not dominate.
const L2: f32 = 1e-4;
/// A feature whose every weight is below this is dropped after training: it moves no
/// logit by more than a fifth of its value (at most 1). Dropping them changed no held-out
/// answer, and a sixth of the features are not kept.
const NEGLIGIBLE_WEIGHT: f32 = 0.2;

/// A trained classifier. Its weights are kept as bytes, each feature's scaled to its
/// largest: a quarter of the memory, for differences far below what changes an answer.
/// It can be kept between starts (`nlu::kept`), as serde writes it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Classifier {
    features: HashMap<u64, usize>,
    /// Feature-major: the weights of feature `f` are `weights[f * n_classes..][..n_classes]`,
    /// times `scales[f]`.
    weights: Vec<i8>,
    scales: Vec<f32>,
    bias: Vec<f32>,
    n_classes: usize,
}

/// An example to learn from: the terms of a sample and its class.
pub type Example = (Vec<String>, usize);

impl Classifier {
    /// Learns one class per entry of `emphasis` from `examples`. Each class weighs the
    /// same in total, however many samples it has, times its `emphasis`.
    pub fn train(examples: impl IntoIterator<Item = Example>, emphasis: &[f32]) -> Classifier {
        let n_classes = emphasis.len();
        let mut features = HashMap::default();
        // Each example as its features' ids, and the value each of them has.
        let encoded: Vec<(Vec<usize>, f32, usize)> = examples
            .into_iter()
            .map(|(terms, class)| {
                let names = feature_names(&terms);
                let scale = 1.0 / (names.len().max(1) as f32).sqrt();
                let mut ids: Vec<usize> = names
                    .into_iter()
                    .map(|name| {
                        let next = features.len();
                        *features.entry(name).or_insert(next)
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.shrink_to_fit();
                (ids, scale, class)
            })
            .collect();
        let n_features = features.len();
        let mut weights = vec![0.0_f32; n_features * n_classes];
        let mut bias = vec![0.0_f32; n_classes];
        // So that a class with many samples does not win on its numbers alone.
        let mut counts = vec![0_usize; n_classes];
        for (_, _, class) in &encoded {
            counts[*class] += 1;
        }
        let class_weight: Vec<f32> = counts
            .iter()
            .zip(emphasis)
            .map(|(count, emphasis)| emphasis * encoded.len() as f32 / (n_classes as f32 * (*count).max(1) as f32))
            .collect();
        let mut order: Vec<usize> = (0..encoded.len()).collect();
        let mut probabilities = vec![0.0; n_classes];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for epoch in 0..EPOCHS {
            shuffle(&mut order, &mut seed);
            let rate = LEARNING_RATE / (1.0 + epoch as f32 * 0.2);
            for &idx in &order {
                let (x, value, class) = &encoded[idx];
                softmax(
                    &bias,
                    x.iter().map(|&feature| (&weights[feature * n_classes..][..n_classes], *value)),
                    &mut probabilities,
                );
                let weight = class_weight[*class];
                for (c, probability) in probabilities.iter_mut().enumerate() {
                    // The gradient of each class, in place of its probability.
                    *probability = weight * (*probability - if c == *class { 1.0 } else { 0.0 });
                    bias[c] -= rate * *probability;
                }
                for &feature in x {
                    let row = &mut weights[feature * n_classes..][..n_classes];
                    for (weight, gradient) in row.iter_mut().zip(&probabilities) {
                        *weight -= rate * (gradient * value + L2 * *weight);
                    }
                }
            }
        }
        // Only the features with a weight that counts are kept, renumbered in their order.
        let largest: Vec<f32> = weights
            .chunks(n_classes)
            .map(|row| row.iter().fold(0.0_f32, |max, weight| max.max(weight.abs())))
            .collect();
        let mut kept = Vec::with_capacity(n_features);
        let mut renumbered = vec![None; n_features];
        for (id, largest) in largest.iter().enumerate() {
            if *largest >= NEGLIGIBLE_WEIGHT {
                renumbered[id] = Some(kept.len());
                kept.push(id);
            }
        }
        let features: HashMap<u64, usize> =
            features.into_iter().filter_map(|(name, id)| Some((name, renumbered[id]?))).collect();
        let scales: Vec<f32> = kept.iter().map(|&id| largest[id] / f32::from(i8::MAX)).collect();
        let quantized = kept
            .iter()
            .zip(&scales)
            .flat_map(|(&id, scale)| {
                weights[id * n_classes..][..n_classes].iter().map(move |weight| (weight / scale).round() as i8)
            })
            .collect();
        Classifier { features, weights: quantized, scales, bias, n_classes }
    }

    /// Whether this classifier, read back from a file, has `n_classes` classes and every
    /// length and feature number agrees, so that matching cannot index out of bounds.
    pub fn is_whole(&self, n_classes: usize) -> bool {
        let n_features = self.scales.len();
        self.n_classes == n_classes
            && self.bias.len() == n_classes
            && self.features.len() == n_features
            && self.weights.len() == n_features * n_classes
            && self.features.values().all(|&id| id < n_features)
    }

    /// The probability of each class for an utterance's `terms`. Words never seen in
    /// training count toward its length, so an utterance of mostly unknown words is
    /// matched with less confidence.
    pub fn probabilities(&self, terms: &[String]) -> Vec<f32> {
        let names = feature_names(terms);
        let scale = 1.0 / (names.len().max(1) as f32).sqrt();
        let mut ids = Vec::with_capacity(names.len());
        ids.extend(names.iter().filter_map(|name| self.features.get(name).copied()));
        ids.sort_unstable();
        ids.dedup();
        let mut probabilities = vec![0.0; self.n_classes];
        let rows = ids.into_iter().map(|id| {
            let row = self.weights[id * self.n_classes..][..self.n_classes].iter().map(|weight| f32::from(*weight));
            (row, scale * self.scales[id])
        });
        softmax(&self.bias, rows, &mut probabilities);
        probabilities
    }
}

/// The probabilities of `bias` plus each row of weights times its value, into `out`.
fn softmax<R: IntoIterator<Item = W>, W: std::borrow::Borrow<f32>>(
    bias: &[f32],
    rows: impl Iterator<Item = (R, f32)>,
    out: &mut [f32],
) {
    out.copy_from_slice(bias);
    for (row, value) in rows {
        for (logit, weight) in out.iter_mut().zip(row) {
            *logit += weight.borrow() * value;
        }
    }
    let max = out.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for logit in out.iter_mut() {
        *logit = (*logit - max).exp();
        sum += *logit;
    }
    for probability in out.iter_mut() {
        *probability /= sum;
    }
}

/// The features of `terms`: each term, each pair of neighbours, and the first term.
fn features(terms: &[String]) -> impl Iterator<Item = (u8, &[String])> {
    let singles = terms.chunks(1).map(|term| (b'w', term));
    let pairs = terms.windows(2).map(|pair| (b'p', pair));
    let first = terms.get(..1).map(|term| (b'f', term));
    singles.chain(pairs).chain(first)
}

/// The name of each of the [`features`] of `terms`: an FxHash of its kind and words,
/// which is quick, and has no collision among the features of the shipped samples
/// (tested).
fn feature_names(terms: &[String]) -> Vec<u64> {
    features(terms)
        .map(|(kind, words)| {
            let mut hasher = FxHasher::default();
            kind.hash(&mut hasher);
            words.hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

/// Shuffles `items` with a small fixed-seed generator (xorshift), the same every time.
fn shuffle(items: &mut [usize], seed: &mut u64) {
    for idx in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(idx, (*seed % (idx as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn learns_which_words_belong_to_which_class() {
        let examples: Vec<Example> = [
            ("why did it stop working", 0),
            ("why has it stopped", 0),
            ("what happens next", 1),
            ("what comes next", 1),
            ("play some music", 2),
            ("what is the weather", 2),
        ]
        .into_iter()
        .map(|(text, class)| (terms(text), class))
        .collect();
        let classifier = Classifier::train(examples, &[1.0; 3]);
        let best = |text: &str| {
            let probabilities = classifier.probabilities(&terms(text));
            assert!((probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            (0..3).max_by(|a, b| probabilities[*a].total_cmp(&probabilities[*b])).unwrap()
        };
        assert_eq!(best("why did it stop"), 0);
        assert_eq!(best("so what happens next"), 1);
        assert_eq!(best("play the weather"), 2);
    }

    #[test]
    fn a_word_every_class_has_alike_is_not_kept() {
        let examples: Vec<Example> =
            vec![(terms("um why"), 0), (terms("um next"), 1), (terms("um stop"), 2), (terms("um music"), 3)];
        let classifier = Classifier::train(examples, &[1.0; 4]);
        assert_eq!(classifier.features.len(), 8, "each class's own word, first word and pair");
        assert_eq!(classifier.probabilities(&terms("why um")), classifier.probabilities(&terms("why never")));
    }

    #[test]
    fn training_is_repeatable() {
        let examples: Vec<Example> = vec![(terms("a b"), 0), (terms("c d"), 1)];
        let one = Classifier::train(examples.clone(), &[1.0; 2]).probabilities(&terms("a d"));
        let two = Classifier::train(examples, &[1.0; 2]).probabilities(&terms("a d"));
        assert_eq!(one, two);
    }
    #[test]
    fn no_two_features_of_the_shipped_samples_share_a_name() {
        let skill = crate::skill::embedded_for_tests();
        let model = &skill.content.model;
        let mut features = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for intent in &model.intents {
            for sample in model.samples(intent) {
                let terms = terms(&sample.to_lowercase());
                features.extend(super::features(&terms).map(|(kind, words)| (kind, words.to_vec())));
                names.extend(feature_names(&terms));
            }
        }
        assert!(features.len() > 10_000, "{} features", features.len());
        assert_eq!(names.len(), features.len());
    }
}
