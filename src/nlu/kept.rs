//! A trained classifier kept in a file between starts: a server started again with the
//! same content and the same binary reads its classifier instead of training it, which
//! is most of start-up.
//!
//! The file is named by a digest of what the classifier is trained from (the matcher's
//! content key) and of the binary that trained it (its version, size and modification
//! time, which change with any build, and with them the reading and training code). It
//! begins with a SHA-256 of the rest; a file that is damaged, or does not fit the model,
//! is ignored, and the classifier is trained again and written anew.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::classifier::Classifier;

/// How the files' names begin, so that those of earlier content or binaries can be told
/// apart from the rest of the data directory and removed.
const PREFIX: &str = "classifier-";
const EXTENSION: &str = "bin";
const DIGEST_LEN: usize = 32;

/// Where one matcher's trained classifier is kept.
#[derive(Debug, Clone)]
pub struct KeptClassifier {
    path: PathBuf,
}

impl KeptClassifier {
    /// The file in `dir` for the classifier trained from what `content_key` names by this
    /// binary; `None` when the binary's own file cannot be read (then nothing is kept).
    pub fn new(dir: &Path, content_key: &str) -> Option<KeptClassifier> {
        let binary = std::env::current_exe().and_then(std::fs::metadata).ok()?;
        let modified = binary.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        let key = crate::digest::short_sha256([
            content_key.as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            &binary.len().to_le_bytes(),
            &modified.to_le_bytes(),
        ]);
        Some(KeptClassifier { path: dir.join(format!("{PREFIX}{key}.{EXTENSION}")) })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The kept classifier, when there is one, whole and with `n_classes` classes.
    pub(super) fn read(&self, n_classes: usize) -> Option<Classifier> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == ErrorKind::NotFound => return None,
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "the kept classifier cannot be read; training it");
                return None;
            }
        };
        let classifier = bytes
            .split_at_checked(DIGEST_LEN)
            .filter(|(digest, rest)| *digest == sha256(rest).as_slice())
            .and_then(|(_, rest)| postcard::from_bytes::<Classifier>(rest).ok())
            .filter(|classifier| classifier.is_whole(n_classes));
        if classifier.is_none() {
            tracing::warn!(path = %self.path.display(), "the kept classifier is damaged; training it again");
        }
        classifier
    }

    /// Keeps `classifier` for the next start. A directory that cannot be written (a
    /// read-only file system) only means the next start trains again.
    pub(super) fn write(&self, classifier: &Classifier) {
        let written = postcard::to_allocvec(classifier).map_err(std::io::Error::other).and_then(|payload| {
            let dir = self.path.parent().expect("the file is in a directory");
            std::fs::create_dir_all(dir)?;
            // Written aside and renamed, so that a reader never sees half a file.
            let aside = self.path.with_extension(format!("{}.{}", EXTENSION, std::process::id()));
            std::fs::write(&aside, [sha256(&payload).as_slice(), &payload].concat())?;
            std::fs::rename(&aside, &self.path)
        });
        match written {
            Ok(()) => tracing::debug!(path = %self.path.display(), "the trained classifier is kept for the next start"),
            Err(error) => tracing::info!(
                path = %self.path.display(),
                %error,
                "the trained classifier cannot be kept: each start trains it"
            ),
        }
    }

    /// Removes the classifiers kept in `dir` other than `current`: those of earlier
    /// content or binaries.
    pub fn remove_others(dir: &Path, current: &[KeptClassifier]) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.filter_map(|entry| Some(entry.ok()?.path())) {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
            let kept = name.starts_with(PREFIX) && name.ends_with(&format!(".{EXTENSION}"));
            if kept && current.iter().all(|current| current.path != path) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

fn sha256(bytes: &[u8]) -> [u8; DIGEST_LEN] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest.as_ref().try_into().expect("a SHA-256 is 32 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::Matcher;

    const UTTERANCES: [&str; 4] =
        ["why did my immunotherapy stop working", "what happens next", "play some music", "my chest hurts"];

    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("carevoice-kept-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn answers(matcher: &Matcher) -> Vec<(String, Vec<(String, f32)>)> {
        let likeliest =
            |utterance| matcher.likeliest(utterance, 3).into_iter().map(|(i, p)| (i.to_owned(), p)).collect();
        UTTERANCES.iter().map(|utterance| (matcher.best(utterance).intent, likeliest(utterance))).collect()
    }

    /// A fresh directory, the classifier kept there, and the matcher that trained it.
    fn trained_in(name: &str) -> (PathBuf, KeptClassifier, Matcher) {
        let dir = fresh_dir(name);
        let kept = KeptClassifier::new(&dir, "key").unwrap();
        let trained = Matcher::build(content(), Some(&kept)).unwrap();
        (dir, kept, trained)
    }

    fn content() -> &'static crate::content::Content {
        &crate::skill::embedded_for_tests().content
    }

    #[test]
    fn a_kept_classifier_is_read_back_and_answers_as_the_trained_one() {
        let (dir, kept, trained) = trained_in("read");
        assert!(kept.read(trained.classes.len()).is_some(), "training kept the classifier");
        assert!(kept.read(trained.classes.len() + 1).is_none(), "a classifier of another model is not used");
        let read = Matcher::build(content(), Some(&kept)).unwrap();
        assert_eq!(answers(&read), answers(&trained));
        assert_eq!(answers(&Matcher::build(content(), None).unwrap()), answers(&trained));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_damaged_file_is_trained_again_and_written_anew() {
        let (dir, kept, trained) = trained_in("damaged");
        let whole = std::fs::read(kept.path()).unwrap();
        let mut damaged = whole.clone();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0x40;
        std::fs::write(kept.path(), &damaged).unwrap();
        assert!(kept.read(trained.classes.len()).is_none(), "the digest finds the damage");
        let again = Matcher::build(content(), Some(&kept)).unwrap();
        assert_eq!(answers(&again), answers(&trained));
        assert_eq!(std::fs::read(kept.path()).unwrap(), whole, "written anew");
        std::fs::write(kept.path(), &whole[..100]).unwrap();
        assert!(kept.read(trained.classes.len()).is_none(), "a cut file is not read");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn only_the_classifiers_of_earlier_content_are_removed() {
        let dir = fresh_dir("others");
        std::fs::create_dir_all(&dir).unwrap();
        let current = KeptClassifier::new(&dir, "now").unwrap();
        let earlier = KeptClassifier::new(&dir, "before").unwrap();
        for path in [current.path(), earlier.path(), &dir.join("preferences.sqlite3")] {
            std::fs::write(path, b"x").unwrap();
        }
        KeptClassifier::remove_others(&dir, std::slice::from_ref(&current));
        assert!(current.path().exists());
        assert!(!earlier.path().exists());
        assert!(dir.join("preferences.sqlite3").exists(), "the rest of the data directory stays");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_name_changes_with_the_content() {
        let dir = Path::new("/data");
        assert_ne!(KeptClassifier::new(dir, "a").unwrap().path(), KeptClassifier::new(dir, "b").unwrap().path());
        assert_eq!(KeptClassifier::new(dir, "a").unwrap().path(), KeptClassifier::new(dir, "a").unwrap().path());
    }
}
