//! One turn of a platform answered outside the server, as the server would answer it.

use carevoice::memory::Memory;
use carevoice::platform::{self, Platform};
use carevoice::sessions::Sessions;
use futures_util::FutureExt;

use super::skills::SKILLS;

/// Reads `data` as platform `P`'s JSON request and, if it is one, answers it (refusals
/// are fine; a panic is what the fuzzer looks for), and writes the reply as JSON.
pub fn answer<P: Platform>(data: &[u8])
where
    P::Request: serde::de::DeserializeOwned,
{
    let Ok(request) = serde_json::from_slice::<P::Request>(data) else { return };
    let (memory, sessions) = (Memory::disabled(), Sessions::in_process());
    let answered = platform::answer::<P>(&SKILLS, &memory, &sessions, request)
        .now_or_never()
        .expect("with nothing remembered and sessions in this process, a turn waits for nothing");
    if let Ok(answered) = answered {
        serde_json::to_vec(&answered.response).expect("a reply is always JSON");
    }
}
