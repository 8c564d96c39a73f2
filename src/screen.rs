//! Captions on screens (Alexa APL): the words being spoken, shown large and in high
//! contrast on an Echo Show, with the topic's name and the general-information note.
//!
//! The APL document is data, `screen/captions.json`, compiled in and checked when the
//! skill loads; it binds `payload.captions.title`, `.note` and `.text`, which each reply
//! fills. A reply carries it only to a device that says it has a screen.

use serde::Serialize;
use serde_json::value::RawValue;

/// The APL document's file, for messages.
pub const FILE: &str = "screen/captions.json";
/// The presentation token of every captions document.
pub const TOKEN: &str = "carevoice-captions";
/// The data-source fields the document must show.
const FIELDS: [&str; 3] = ["${payload.captions.title}", "${payload.captions.note}", "${payload.captions.text}"];

/// The captions document, checked and serialized once.
#[derive(Debug)]
pub struct Captions {
    document: Box<RawValue>,
}

/// Why the captions document was refused.
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    /// It is not JSON.
    #[error("{FILE}: {0}")]
    Json(#[from] serde_json::Error),
    /// It is JSON, but not the document this skill fills.
    #[error("{FILE}: {0}")]
    Invalid(String),
}

/// The `RenderDocument` directive for one reply.
#[derive(Serialize)]
pub struct RenderDocument<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    token: &'static str,
    document: &'a RawValue,
    datasources: DataSources<'a>,
}

#[derive(Serialize)]
struct DataSources<'a> {
    captions: CaptionData<'a>,
}

#[derive(Serialize)]
struct CaptionData<'a> {
    title: &'a str,
    note: &'a str,
    text: &'a RawValue,
}

impl Captions {
    /// The document compiled into the binary, checked: an APL document whose main
    /// template takes `payload` and shows the title, the note and the words.
    pub fn embedded() -> Result<Captions, ScreenError> {
        Captions::parse(include_str!("../screen/captions.json"))
    }

    fn parse(text: &str) -> Result<Captions, ScreenError> {
        let document: serde_json::Value = serde_json::from_str(text)?;
        let invalid = |message: &str| Err(ScreenError::Invalid(message.to_owned()));
        if document["type"] != "APL" || !document["version"].is_string() {
            return invalid("\"type\" must be \"APL\", with a \"version\"");
        }
        if document["mainTemplate"]["parameters"] != serde_json::json!(["payload"]) {
            return invalid("the main template must take the one parameter \"payload\"");
        }
        let template = document["mainTemplate"].to_string();
        if let Some(missing) = FIELDS.iter().find(|field| !template.contains(*field)) {
            return invalid(&format!("the main template must show {missing}"));
        }
        Ok(Captions { document: serde_json::value::to_raw_value(&document)? })
    }

    /// The directive showing `text` (the spoken words as a JSON string) under `title`,
    /// with `note`.
    pub fn render<'a>(&'a self, title: &'a str, note: &'a str, text: &'a RawValue) -> RenderDocument<'a> {
        RenderDocument {
            kind: "Alexa.Presentation.APL.RenderDocument",
            token: TOKEN,
            document: &self.document,
            datasources: DataSources { captions: CaptionData { title, note, text } },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_in_the_repository_is_accepted() {
        Captions::embedded().unwrap();
    }

    #[test]
    fn a_document_that_does_not_show_the_words_is_refused() {
        let text = include_str!("../screen/captions.json").replace("${payload.captions.text}", "${payload.other}");
        let error = Captions::parse(&text).unwrap_err().to_string();
        assert!(error.contains("payload.captions.text"), "{error}");
        let error = Captions::parse("{\"type\": \"APLA\"}").unwrap_err().to_string();
        assert!(error.contains("APL"), "{error}");
        assert!(Captions::parse("not json").is_err());
    }
}
