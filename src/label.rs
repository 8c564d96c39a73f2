//! The platforms' labels: their names in logs, in metrics and in stored user keys.

/// The platforms' names in logs and in stored user keys. A stored preference is keyed
/// by a hash of the label and the platform's user id, so a label must never change:
/// renaming one would orphan every preference kept under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Amazon Alexa.
    Alexa,
    /// Google Dialogflow ES.
    DialogflowEs,
    /// Google Dialogflow CX.
    DialogflowCx,
    /// The simulated intent API, the command line.
    Simulated,
    /// The browser console.
    Console,
    /// Home Assistant's webhook conversation integration.
    HomeAssistant,
    /// A Wyoming client: Home Assistant's Assist, Rhasspy.
    Wyoming,
}

impl Label {
    /// Every platform.
    pub const ALL: [Label; 7] = [
        Label::Alexa,
        Label::DialogflowEs,
        Label::DialogflowCx,
        Label::Simulated,
        Label::Console,
        Label::HomeAssistant,
        Label::Wyoming,
    ];

    /// The platform labelled `name` (as [`Label::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|label| label.as_str() == name)
    }

    /// The label as stored and logged.
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Alexa => "alexa",
            Label::DialogflowEs => "dialogflow-es",
            Label::DialogflowCx => "dialogflow-cx",
            Label::Simulated => "simulated",
            Label::Console => "console",
            Label::HomeAssistant => "home-assistant",
            Label::Wyoming => "wyoming",
        }
    }
}
