//! What is exported, whatever the platform: the skill's listing in every locale, and the
//! default locale's agent, intents and slot types, built once from the skills. The
//! writers beside this module turn it into each platform's files.

use uuid::Uuid;

use crate::content::files::language;
use crate::content::model::{self, SamplePart};
use crate::content::{Content, Listing};
use crate::dialog::BuiltIn;
use crate::skill::Skills;

/// The most characters Dialogflow (ES and CX) takes in an agent's description.
pub const AGENT_DESCRIPTION_CHARS: usize = 500;

/// Everything an export says.
pub struct Export<'s> {
    /// Every locale, the default first.
    pub locales: Vec<Locale<'s>>,
    /// The skill as one agent, in the default locale.
    pub agent: Agent<'s>,
    /// The intents with samples, but the fallback, in the model's order.
    pub intents: Vec<Intent<'s>>,
    /// The fallback intent, when it has samples: they are what no intent should match.
    pub negative: Option<Intent<'s>>,
    /// The custom slot types.
    pub slot_types: Vec<SlotType<'s>>,
}

/// One locale, as a store lists it.
pub struct Locale<'s> {
    /// The locale, `en-US`.
    pub code: &'s str,
    /// Its country in capitals, `US`, when it names one.
    pub country: Option<String>,
    /// How the skill is listed in it.
    pub listing: &'s Listing,
    /// The listing's description followed by the health disclaimer.
    pub description: String,
    /// Its interaction model, as `intents/<locale>.json` writes it.
    pub interaction_model: &'s str,
}

/// The skill as one agent: the default locale's words, for what an export holds once
/// (Dialogflow agents learn one language's phrases).
pub struct Agent<'s> {
    /// The skill's name.
    pub name: &'s str,
    /// One sentence about it.
    pub summary: &'s str,
    /// The summary followed by the health disclaimer, within [`AGENT_DESCRIPTION_CHARS`].
    pub description: String,
    /// The language of the phrases, `en`.
    pub language: &'s str,
    /// Every locale as Dialogflow writes it, lower case (`en-gb`), the default first.
    pub language_codes: Vec<String>,
    /// An IANA time zone.
    pub time_zone: &'s str,
    /// How to test the skill, for Alexa's certification.
    pub testing_instructions: String,
    /// What opens the skill, besides its platform's own launch.
    pub welcome_phrases: Vec<String>,
    /// The description of a Dialogflow CX agent's start flow.
    pub flow_description: &'s str,
}

/// An intent with its samples.
pub struct Intent<'s> {
    /// The model's name for it.
    pub name: &'s str,
    /// The slots its samples name.
    pub slots: &'s [model::Slot],
    /// Its samples, in order.
    pub samples: Vec<Sample<'s>>,
}

/// A sample utterance.
pub struct Sample<'s> {
    /// As written, with `{slot}` placeholders.
    pub text: &'s str,
    /// Its words and slots, each slot filled with an example.
    pub parts: Vec<SamplePart<'s>>,
}

/// A custom slot type.
pub struct SlotType<'s> {
    /// Its name, `TREATMENT_OPTION`.
    pub name: &'s str,
    /// Its values.
    pub values: Vec<SlotValue<'s>>,
}

/// A value of a slot type.
pub struct SlotValue<'s> {
    /// The id the dialog matches on.
    pub id: &'s str,
    /// The words that mean it: the value, then its synonyms.
    pub synonyms: Vec<&'s str>,
}

impl<'s> Export<'s> {
    /// The export of every locale of `skills`.
    pub fn new(skills: &'s Skills) -> Export<'s> {
        let content = &skills.default_locale().content;
        let model = &content.model;
        let fallback = BuiltIn::Fallback.name();
        let exported = |intent: &'s model::Intent| (intent.sample_count() > 0).then(|| Intent::new(model, intent));
        Export {
            locales: skills.all().iter().map(|skill| Locale::new(&skill.content)).collect(),
            agent: Agent::new(content, skills.locales().map(str::to_ascii_lowercase).collect()),
            intents: model.intents.iter().filter(|intent| intent.name != fallback).filter_map(exported).collect(),
            negative: model.intent(fallback).and_then(exported),
            slot_types: model.types.iter().map(SlotType::new).collect(),
        }
    }
}

impl<'s> Locale<'s> {
    fn new(content: &'s Content) -> Locale<'s> {
        let listing = &content.framing.listing;
        Locale {
            code: &content.locale,
            country: content.locale.split_once('-').map(|(_, country)| country.to_ascii_uppercase()),
            listing,
            description: format!("{} {}", listing.description, listing.health_disclaimer),
            interaction_model: &content.model.file,
        }
    }
}

impl<'s> Agent<'s> {
    fn new(content: &'s Content, language_codes: Vec<String>) -> Agent<'s> {
        let listing = &content.framing.listing;
        let invocation = &content.model.invocation_name;
        Agent {
            name: &listing.name,
            summary: &listing.summary,
            description: format!("{} {}", listing.summary, listing.health_disclaimer),
            language: language(&content.locale),
            language_codes,
            time_zone: &listing.time_zone,
            testing_instructions: listing.testing_instructions(invocation),
            welcome_phrases: listing.welcome_phrases(invocation),
            flow_description: &listing.flow_description,
        }
    }
}

impl<'s> Intent<'s> {
    fn new(model: &'s model::Model, intent: &'s model::Intent) -> Intent<'s> {
        let samples = model.samples(intent).enumerate();
        Intent {
            name: &intent.name,
            slots: &intent.slots,
            samples: samples
                .map(|(variant, text)| Sample { text, parts: model.sample_parts(intent, text, variant) })
                .collect(),
        }
    }
}

impl<'s> SlotType<'s> {
    fn new(slot_type: &'s model::SlotType) -> SlotType<'s> {
        SlotType {
            name: &slot_type.name,
            values: slot_type
                .values
                .iter()
                .map(|value| SlotValue { id: &value.id, synonyms: value.spoken_forms().collect() })
                .collect(),
        }
    }
}

/// A stable id for `kind` and `name`: the same export gets the same ids, so importing it
/// again updates rather than duplicates.
pub fn id(kind: &str, name: &str) -> String {
    // A fixed namespace for carevoice's exports.
    const NAMESPACE: Uuid = Uuid::from_u128(0x6a1f_4c0e_9d3b_4e57_8f21_c5a0_b7e6_d913);
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{name}").as_bytes()).to_string()
}
