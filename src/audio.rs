//! Audio preview, offline: what the skill would say, rendered to a WAV file by espeak-ng
//! (Debian's `espeak-ng` package), which reads the SSML's pauses and speaking rate.
//!
//! The program is `espeak-ng` on the `PATH`, or `CAREVOICE_ESPEAK`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::content::Content;
use crate::speech::{self, Flavor, Rate, RenderError, Rendered, Speech, Voice};

/// The longest a topic part may take to say, at the slowest rate.
pub const MAX_PART: Duration = Duration::from_secs(30);

/// Why audio could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// espeak-ng is not installed.
    #[error(
        "{program} is not installed: install it (Debian, Ubuntu: apt-get install espeak-ng; Fedora: dnf install espeak-ng; macOS: brew install espeak-ng), or set CAREVOICE_ESPEAK to its path"
    )]
    Missing {
        /// The program looked for.
        program: String,
    },
    /// espeak-ng failed.
    #[error("espeak-ng failed: {0}")]
    Failed(String),
    /// Its output is not a WAV file.
    #[error("espeak-ng's output is not a WAV file: {0}")]
    NotWav(#[from] hound::Error),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The speech could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// The espeak-ng program: `CAREVOICE_ESPEAK`, else `espeak-ng` on the `PATH`.
pub fn program() -> String {
    std::env::var("CAREVOICE_ESPEAK").unwrap_or_else(|_| "espeak-ng".to_owned())
}

/// Whether espeak-ng runs; the error says how to install it when it is missing.
pub fn available() -> Result<(), AudioError> {
    let program = program();
    let output =
        Command::new(&program).arg("--version").stdin(Stdio::null()).output().map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => AudioError::Missing { program: program.clone() },
            _ => AudioError::Io(error),
        })?;
    if !output.status.success() {
        return Err(AudioError::Failed(String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    Ok(())
}

/// `ssml` spoken by espeak-ng, as the bytes of a WAV file.
pub fn wav(ssml: &str) -> Result<Vec<u8>, AudioError> {
    let program = program();
    // To a file, not a pipe: only then does espeak-ng write the WAV header's true length.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let file = std::env::temp_dir().join(format!(
        "carevoice-{}-{}.wav",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let mut child = Command::new(&program)
        .args(["-m", "--stdin", "-w"])
        .arg(&file)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => AudioError::Missing { program: program.clone() },
            _ => AudioError::Io(error),
        })?;
    child.stdin.take().expect("piped").write_all(ssml.as_bytes())?;
    let output = child.wait_with_output()?;
    let wav = std::fs::read(&file);
    let _ = std::fs::remove_file(&file);
    if !output.status.success() {
        return Err(AudioError::Failed(String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    let wav = wav?;
    duration(&wav)?;
    Ok(wav)
}

/// How long the WAV file `bytes` plays.
pub fn duration(bytes: &[u8]) -> Result<Duration, AudioError> {
    let reader = hound::WavReader::new(bytes)?;
    let spec = reader.spec();
    Ok(Duration::from_secs_f64(f64::from(reader.duration()) / f64::from(spec.sample_rate)))
}

/// Writes `ssml` spoken to the WAV file `out`.
pub fn write_wav(ssml: &str, out: &Path) -> Result<(), AudioError> {
    std::fs::write(out, wav(ssml)?)?;
    Ok(())
}

/// How long one topic part takes to say.
#[derive(Debug)]
pub struct PartLength {
    /// The topic's id.
    pub topic: String,
    /// The part's index within the topic.
    pub part: usize,
    /// How long it plays at the slowest rate.
    pub duration: Duration,
}

/// Every part of every topic, spoken at the slowest rate, longest first.
pub fn part_lengths(content: &Content) -> Result<Vec<PartLength>, AudioError> {
    let voice = Voice::new(&content.locale)?;
    let mut lengths = Vec::new();
    for topic in &content.topics {
        for (part, text) in topic.parts.iter().enumerate() {
            let speech = Speech::default().paragraph(text.text.as_str());
            let said = speech::render(&speech, &voice, &content.locale, &mut Rendered::default())?;
            let duration = duration(&wav(&said.ssml(Flavor::Generic, Rate::Slowest))?)?;
            lengths.push(PartLength { topic: topic.id.clone(), part, duration });
        }
    }
    lengths.sort_by_key(|length| std::cmp::Reverse(length.duration));
    Ok(lengths)
}
