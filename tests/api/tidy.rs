//! The project's conventions, checked like any other behaviour (rust-analyzer's tidy).

use std::path::{Path, PathBuf};

use crate::helpers::repository;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn every_source_file_starts_with_a_module_doc_comment() {
    for file in rust_files(&repository().join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("//!"), "{} does not start with //!", file.display());
    }
}

#[test]
fn only_the_server_and_the_command_line_know_actix_or_print() {
    let src = repository().join("src");
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if !relative.starts_with("server") && relative != "main.rs" {
            assert!(!text.contains("actix_web"), "{relative} uses actix_web; only server/ may");
        }
        if relative != "main.rs" {
            for macro_name in ["println!", "eprintln!", "print!(", "dbg!"] {
                assert!(!text.contains(macro_name), "{relative} uses {macro_name}; log with tracing instead");
            }
        }
    }
}

#[test]
fn the_dialog_knows_nothing_of_platforms_or_wire_formats() {
    for file in rust_files(&repository().join("src/dialog")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["crate::platform", "crate::server", "serde_json", "crate::memory"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", file.display());
        }
    }
}

#[test]
fn the_readme_error_table_lists_every_error_code_with_its_status() {
    use carevoice::server::error::ErrorCode;

    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let table = readme.split("### Errors").nth(1).expect("README has an Errors section");
    let mut documented: Vec<(u16, String)> = table
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            Some((cells.get(1)?.parse().ok()?, cells.get(2)?.trim_matches('`').to_owned()))
        })
        .collect();
    let mut codes: Vec<(u16, String)> =
        ErrorCode::all().map(|code| (code.status().as_u16(), code.as_str().to_owned())).collect();
    documented.sort();
    codes.sort();
    assert_eq!(documented, codes, "README's error table (left) and ErrorCode (right) differ");
}

/// Each option of `carevoice serve --help`: its flag, environment variable and default.
fn serve_options() -> Vec<(String, Option<String>, Option<String>)> {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_carevoice")).args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let mut options: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for line in help.lines().map(str::trim) {
        let bracketed = |name: &str| {
            line.strip_prefix(&format!("[{name}: "))?
                .strip_suffix(']')
                .map(|value| value.trim_end_matches('=').to_owned())
        };
        if let Some(flag) = line.strip_prefix("--").and_then(|rest| rest.split_whitespace().next()) {
            options.push((format!("--{flag}"), None, None));
        } else if let (Some(env), Some(last)) = (bracketed("env"), options.last_mut()) {
            last.1 = Some(env);
        } else if let (Some(default), Some(last)) = (bracketed("default"), options.last_mut()) {
            last.2 = Some(default);
        }
    }
    options.retain(|(flag, _, _)| flag != "--help");
    options
}

#[test]
fn the_readme_configuration_table_lists_every_serve_option_with_its_variable_and_default() {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let section = readme.split("## Configuration").nth(1).expect("README has a Configuration section");
    let rows: Vec<Vec<String>> = section
        .lines()
        .skip_while(|line| !line.starts_with("| flag |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        // `\|` is a bar inside a cell.
        .map(|line| line.replace("\\|", "/").split('|').map(|cell| cell.trim().trim_matches('`').to_owned()).collect())
        .collect();
    let options = serve_options();
    assert!(options.len() > 15, "{options:?}");
    let flag_of = |row: &Vec<String>| row[1].split_whitespace().next().unwrap_or_default().to_owned();
    let mut documented: Vec<String> = rows.iter().map(flag_of).collect();
    let mut flags: Vec<String> = options.iter().map(|(flag, _, _)| flag.clone()).collect();
    documented.sort();
    flags.sort();
    assert_eq!(documented, flags, "the README's table (left) and `serve --help` (right) differ");
    for (flag, env, default) in &options {
        let row = rows.iter().find(|row| flag_of(row) == *flag).unwrap();
        let documented_env = row[2].split('=').next().unwrap();
        assert_eq!(Some(documented_env), env.as_deref(), "{flag}: its variable");
        if let Some(default) = default {
            assert_eq!(&row[3], default, "{flag}: its default");
        }
    }
}

/// The layers ARCHITECTURE.md states, lowest first: each a list of modules.
fn layers() -> Vec<Vec<String>> {
    let architecture = std::fs::read_to_string(repository().join("ARCHITECTURE.md")).unwrap();
    let block = architecture.split("```layers\n").nth(1).expect("ARCHITECTURE.md has a layers block");
    let block = block.split("```").next().unwrap();
    let mut layers: Vec<Vec<String>> =
        block.lines().map(|line| line.split_whitespace().map(str::to_owned).collect()).collect();
    layers.reverse();
    layers
}

/// The modules of the crate a file's code (not its unit tests) imports: `crate::NAME` and
/// `crate::{NAME, ...}` outside comments, before its `#[cfg(test)] mod`.
fn imported_modules(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]\nmod ").next().unwrap();
    let code: String = code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let name = |rest: &str| rest.trim_start().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
    let mut modules: Vec<String> = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            modules.push(name(rest));
            continue;
        };
        // Each item of the group at its top level, however the group nests and wraps.
        let (mut depth, mut item_start) = (0, 0);
        for (idx, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    modules.push(name(&group[item_start..idx]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    modules.push(name(&group[item_start..idx]));
                    item_start = idx + 1;
                }
                _ => {}
            }
        }
    }
    modules.retain(|module| !module.is_empty());
    modules.sort();
    modules.dedup();
    modules
}

#[test]
fn modules_import_only_from_the_layers_below_their_own() {
    let layers = layers();
    let layer_of = |module: &str| layers.iter().position(|layer| layer.iter().any(|name| name == module));
    let src = repository().join("src");
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let module = module.trim_end_matches(".rs");
        if module == "main" || module == "lib" {
            continue;
        }
        let own = layer_of(module).unwrap_or_else(|| panic!("{module} has no layer in ARCHITECTURE.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        for imported in imported_modules(&text).into_iter().filter(|imported| imported != module) {
            let theirs = layer_of(&imported).unwrap_or_else(|| panic!("{imported} has no layer in ARCHITECTURE.md"));
            assert!(
                theirs < own,
                "{} imports {imported}, which is not on a layer below {module}'s (ARCHITECTURE.md, Layers)",
                relative.display()
            );
        }
    }
}
