//! Embeds the content (`speech/` and `intents/`, every file but the guides) in the binary:
//! writes `$OUT_DIR/embedded.rs`, a list of each file's path and its text, and has cargo
//! build again whenever a file in either directory changes.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["speech", "intents"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root, &root.join(dir), &mut files);
    }
    files.sort();
    let entries: String = files
        .iter()
        .map(|(name, path)| format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()))
        .collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(out, format!("&[\n{entries}]\n")).expect("writes embedded.rs");
}

/// Every content file under `dir`, as its path relative to `root` (with `/`) and its path.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("reads the content directory") {
        let path = entry.expect("reads a directory entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.extension().is_some_and(|ext| ext == "toml" || ext == "json" || ext == "txt") {
            let name = path.strip_prefix(root).expect("under the root").components();
            let name = name.map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((name, path));
        }
    }
}
