//! The person, as Google's integrations name them to a Dialogflow webhook: a payload
//! shaped like Actions on Google's conversation request, `{"user": {"userId": "..."}}`
//! (ES: `originalDetectIntentRequest.payload`; CX: the query's `payload`).
//!
//! The payload is whatever the integration that called Dialogflow put there, so it is read
//! leniently: any other shape means no user id, never a refused request.

use serde::Deserialize;
use serde_json::value::RawValue;

/// The person's id in a Dialogflow request's `payload`, if it has one of the expected
/// shape.
pub fn user_id(payload: Option<&RawValue>) -> Option<String> {
    let payload: Payload = serde_json::from_str(payload?.get()).ok()?;
    payload.user?.user_id
}

#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    user: Option<User>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct User {
    #[serde(default)]
    user_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(json: &str) -> Option<String> {
        user_id(Some(&RawValue::from_string(json.to_owned()).unwrap()))
    }

    #[test]
    fn reads_the_user_id_and_nothing_of_another_shape() {
        assert_eq!(id(r#"{"user": {"userId": "ABwppHF", "locale": "en-US"}, "inputs": []}"#), Some("ABwppHF".into()));
        for other in [r#"{"user": "ABwppHF"}"#, r#"{"user": {"userId": 42}}"#, "[]", "{}"] {
            assert_eq!(id(other), None, "{other}");
        }
        assert_eq!(user_id(None), None);
    }
}
