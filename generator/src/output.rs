//! Writing the generated crate: only files whose content changed are rewritten, files the
//! previous run wrote and this one does not are removed, and nothing is touched until every
//! file has been produced. A manifest (`.generated-files`) records what the generator owns, so
//! it never deletes or overwrites a folder it did not write.

use crate::error::{GenError, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = ".generated-files";

/// How the output differs from what is on disk.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

fn manifest_text(files: &BTreeMap<String, String>) -> String {
    let mut text = String::from("# Files written by openapi-rust-generator; it removes them when they are no longer generated.\n");
    for path in files.keys() {
        text.push_str(path);
        text.push('\n');
    }
    text
}

fn read_manifest(out: &Path) -> Result<Option<Vec<String>>> {
    let path = out.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(String::from)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(GenError::new(
            path.display().to_string(),
            format!("cannot read: {e}"),
        )),
    }
}

/// Compares `files` (plus the manifest) with the content of `out`.
pub fn diff(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes> {
    let mut all = files.clone();
    all.insert(MANIFEST.to_string(), manifest_text(files));
    let mut changes = Changes::default();
    for (path, content) in &all {
        match std::fs::read(out.join(path)) {
            Ok(existing) if existing == content.as_bytes() => {}
            Ok(_) => changes.changed.push(path.clone()),
            Err(_) => changes.added.push(path.clone()),
        }
    }
    for old in read_manifest(out)?.unwrap_or_default() {
        if !all.contains_key(&old) && out.join(&old).exists() {
            changes.removed.push(old);
        }
    }
    Ok(changes)
}

/// Writes `files` under `out`, changing only what differs. Refuses a non-empty folder that has
/// no manifest: it was not written by the generator and may hold the user's work.
pub fn write(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes> {
    let out_name = out.display().to_string();
    if out.exists() {
        let has_entries = std::fs::read_dir(out)
            .map_err(|e| GenError::new(&out_name, format!("cannot read: {e}")))?
            .next()
            .is_some();
        if has_entries && read_manifest(out)?.is_none() {
            return Err(GenError::new(
                &out_name,
                format!("refusing to write into a non-empty folder the generator did not create (no {MANIFEST}); choose an empty or new --out folder"),
            ));
        }
    }
    let changes = diff(out, files)?;
    let mut all = files.clone();
    all.insert(MANIFEST.to_string(), manifest_text(files));
    // Stage every new content next to its destination, then move them all into place.
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let stage = |staged: &mut Vec<(PathBuf, PathBuf)>| -> Result<()> {
        for path in changes.added.iter().chain(&changes.changed) {
            let target = out.join(path);
            let dir = target.parent().unwrap_or(out);
            std::fs::create_dir_all(dir).map_err(|e| {
                GenError::new(
                    dir.display().to_string(),
                    format!("cannot create folder: {e}"),
                )
            })?;
            let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
                GenError::new(dir.display().to_string(), format!("cannot write: {e}"))
            })?;
            std::fs::write(temp.path(), all[path].as_bytes()).map_err(|e| {
                GenError::new(target.display().to_string(), format!("cannot write: {e}"))
            })?;
            let (_, temp_path) = temp.keep().map_err(|e| {
                GenError::new(target.display().to_string(), format!("cannot write: {e}"))
            })?;
            staged.push((temp_path, target));
        }
        Ok(())
    };
    if let Err(err) = stage(&mut staged) {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
        return Err(err);
    }
    for (temp, target) in &staged {
        std::fs::rename(temp, target).map_err(|e| {
            GenError::new(target.display().to_string(), format!("cannot replace: {e}"))
        })?;
    }
    for old in &changes.removed {
        let path = out.join(old);
        std::fs::remove_file(&path).map_err(|e| {
            GenError::new(path.display().to_string(), format!("cannot remove: {e}"))
        })?;
        // Remove folders left empty.
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == out || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(changes)
}

/// A unified diff of each changed file (what is on disk against what would be written), cut
/// after `max_lines` lines per file, for `--check` to show why the output is stale.
pub fn explain(
    out: &Path,
    files: &BTreeMap<String, String>,
    changes: &Changes,
    max_lines: usize,
) -> String {
    let mut text = String::new();
    for path in &changes.changed {
        let Some(new) = files.get(path) else { continue };
        let old = std::fs::read_to_string(out.join(path)).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&old, new);
        let unified = diff
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("generated/{path} (on disk)"),
                &format!("generated/{path} (from the spec)"),
            )
            .to_string();
        let lines: Vec<&str> = unified.lines().collect();
        for line in lines.iter().take(max_lines) {
            text.push_str(line);
            text.push('\n');
        }
        if lines.len() > max_lines {
            text.push_str(&format!("... {} more lines\n", lines.len() - max_lines));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rewrites_only_what_changed_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = write(&out, &files(&[("a.rs", "a"), ("sub/b.rs", "b")])).unwrap();
        assert_eq!(first.added.len(), 3);
        let second = write(&out, &files(&[("a.rs", "a2")])).unwrap();
        assert_eq!(second.changed, vec![MANIFEST, "a.rs"]);
        assert_eq!(second.removed, vec!["sub/b.rs"]);
        assert!(!out.join("sub").exists());
        assert!(diff(&out, &files(&[("a.rs", "a2")])).unwrap().is_empty());
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "mine").unwrap();
        let err = write(dir.path(), &files(&[("a.rs", "a")])).unwrap_err();
        assert!(err.message.contains("refusing"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("a.rs").exists());
    }
}
