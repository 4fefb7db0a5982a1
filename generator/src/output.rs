//! Writing the generated crate: only files whose content changed are rewritten, files the
//! previous run wrote and this one does not are removed, and every change is made in one step
//! that is undone on failure. A manifest (`.generated-files`) records what the generator owns,
//! so it never deletes or overwrites a folder it did not write; being editable, the manifest is
//! not trusted: only plain files under --out that it lists are ever removed.

mod paths;
mod transaction;

use crate::error::{GenError, Result};
use std::collections::BTreeMap;
use std::path::Path;

pub use paths::MAX_NAME_BYTES;

pub const MANIFEST: &str = ".generated-files";

/// How the output differs from what is on disk.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Manifest entries that the generator will not remove, each with the reason (`../x`, an
    /// absolute path, a symbolic link): the manifest is not trusted.
    pub ignored: Vec<(String, String)>,
}

impl Changes {
    /// Whether the output is up to date (ignored manifest entries do not count).
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

/// The entries of the manifest of `out`, or `None` when there is none. A manifest that is not a
/// plain file (a symbolic link, a folder) is an error: it was not written by the generator.
fn read_manifest(out: &Path) -> Result<Option<Vec<String>>> {
    let path = out.join(MANIFEST);
    let cannot_read =
        |e: std::io::Error| GenError::new(path.display().to_string(), format!("cannot read: {e}"));
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(e)),
        Ok(meta) if !meta.is_file() => {
            return Err(GenError::new(
                path.display().to_string(),
                "not a plain file (a symbolic link or a folder): the generator did not write it",
            ))
        }
        Ok(_) => {}
    }
    let text = std::fs::read_to_string(&path).map_err(cannot_read)?;
    Ok(Some(
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(String::from)
            .collect(),
    ))
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
        if all.contains_key(&old) {
            continue;
        }
        match paths::removal_problem(out, &old) {
            Some(problem) => changes.ignored.push((old, problem)),
            None if out.join(&old).is_file() => changes.removed.push(old),
            None => {}
        }
    }
    Ok(changes)
}

/// Refuses a non-empty `out` that has no manifest: the generator did not write it, and it may
/// hold the user's work.
fn check_owned(out: &Path) -> Result<()> {
    let out_name = out.display().to_string();
    let has_entries = match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(GenError::new(&out_name, format!("cannot read: {e}"))),
    };
    if has_entries && read_manifest(out)?.is_none() {
        return Err(GenError::new(
            &out_name,
            format!("refusing to write into a non-empty folder the generator did not create (no {MANIFEST}); choose an empty or new --out folder"),
        ));
    }
    Ok(())
}

/// Checks every path to write before anything is written: each is a plain relative path of
/// names a filesystem accepts, and no folder on its way is a symbolic link or a file.
fn check_writable(out: &Path, changes: &Changes) -> Result<()> {
    for path in changes.added.iter().chain(&changes.changed) {
        if let Some(problem) = paths::write_problem(out, path) {
            return Err(GenError::new(
                out.join(path).display().to_string(),
                format!("cannot write this generated file: {problem}"),
            ));
        }
    }
    Ok(())
}

/// Writes `files` under `out`, changing only what differs, in one step: either every change
/// is made or none is (see `transaction`). Refuses a non-empty folder that has no manifest.
/// Removes only plain files under `out` that the manifest lists; other entries are ignored and
/// returned in `Changes::ignored`.
pub fn write(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes> {
    check_owned(out)?;
    let changes = diff(out, files)?;
    check_writable(out, &changes)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let created = create_out(out)?;
    let manifest = manifest_text(files);
    // The manifest goes last: if the run is killed part-way, it still lists every file that
    // a later run may have to remove.
    let writes: Vec<(&str, &[u8])> = changes
        .added
        .iter()
        .chain(&changes.changed)
        .filter(|path| path.as_str() != MANIFEST)
        .map(|path| (path.as_str(), files[path].as_bytes()))
        .chain(std::iter::once((MANIFEST, manifest.as_bytes())))
        .collect();
    let removals: Vec<&str> = changes.removed.iter().map(String::as_str).collect();
    if let Err(err) = transaction::apply(out, &writes, &removals) {
        if let Some(topmost) = created {
            // A fresh --out is not left behind, even empty.
            for folder in out.ancestors() {
                if std::fs::remove_dir(folder).is_err() || folder == topmost {
                    break;
                }
            }
        }
        return Err(err);
    }
    Ok(changes)
}

/// Creates `out` if it does not exist, returning the topmost folder it created.
fn create_out(out: &Path) -> Result<Option<std::path::PathBuf>> {
    let topmost = out
        .ancestors()
        .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
        .last()
        .map(Path::to_path_buf);
    std::fs::create_dir_all(out).map_err(|e| {
        GenError::new(
            out.display().to_string(),
            format!("cannot create folder: {e}"),
        )
    })?;
    Ok(topmost)
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
