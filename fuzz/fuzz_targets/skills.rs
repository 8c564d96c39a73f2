//! The skill in every locale, loaded once per fuzzing process.

use std::sync::LazyLock;

use carevoice::skill::Skills;

/// The built-in content, every locale.
pub static SKILLS: LazyLock<Skills> = LazyLock::new(|| Skills::embedded().expect("the built-in content loads"));
