//! Applying the writes and removals of one run under --out as a single step. Every new content
//! is first written into a staging folder inside --out; then files are moved into place, and
//! each file replaced or removed is moved aside into the staging folder. If a step fails, the
//! steps done are undone in reverse, so --out is left as it was. The staging folder goes away
//! in every case, with whatever it still holds.

use crate::error::{GenError, Result};
use std::path::{Path, PathBuf};

/// A step already taken, and how to undo it.
enum Done {
    /// `target` now holds new content; its previous file, if any, was moved to `backup`.
    Placed {
        target: PathBuf,
        backup: Option<PathBuf>,
    },
    /// `target` was moved to `backup`.
    Removed { target: PathBuf, backup: PathBuf },
    /// A folder that did not exist.
    CreatedFolder(PathBuf),
}

fn io(path: &Path, what: &str, err: std::io::Error) -> GenError {
    GenError::new(path.display().to_string(), format!("{what}: {err}"))
}

/// Removes the files `removals`, then writes `writes` (relative path, content) in their order,
/// all under `out`, which must exist. The caller checks every path first (see `paths`).
pub fn apply(out: &Path, writes: &[(&str, &[u8])], removals: &[&str]) -> Result<()> {
    let staging = tempfile::Builder::new()
        .prefix(".generator-staging-")
        .tempdir_in(out)
        .map_err(|e| io(out, "cannot create a staging folder", e))?;
    let staged = stage(staging.path(), writes)?;
    let mut done = Vec::new();
    let result = commit(out, staging.path(), &staged, removals, &mut done);
    if result.is_err() {
        undo(done);
    } else {
        remove_empty_folders(out, removals);
    }
    result
}

/// Writes each content into the staging folder under a short name, with the normal mode of
/// a new file (so 0644 under the usual umask), and returns (staged file, relative target).
fn stage<'w>(staging: &Path, writes: &[(&'w str, &[u8])]) -> Result<Vec<(PathBuf, &'w str)>> {
    let new = staging.join("new");
    std::fs::create_dir(&new).map_err(|e| io(&new, "cannot create folder", e))?;
    writes
        .iter()
        .enumerate()
        .map(|(index, (relative, content))| {
            let file = new.join(index.to_string());
            std::fs::write(&file, content).map_err(|e| io(&file, "cannot write", e))?;
            Ok((file, *relative))
        })
        .collect()
}

fn commit(
    out: &Path,
    staging: &Path,
    staged: &[(PathBuf, &str)],
    removals: &[&str],
    done: &mut Vec<Done>,
) -> Result<()> {
    let aside = staging.join("old");
    std::fs::create_dir(&aside).map_err(|e| io(&aside, "cannot create folder", e))?;
    for (index, relative) in removals.iter().enumerate() {
        let target = out.join(relative);
        let backup = aside.join(format!("removed-{index}"));
        std::fs::rename(&target, &backup).map_err(|e| io(&target, "cannot remove", e))?;
        done.push(Done::Removed { target, backup });
    }
    for (index, (file, relative)) in staged.iter().enumerate() {
        let target = out.join(relative);
        create_folders(out, &target, done)?;
        let backup = match std::fs::symlink_metadata(&target) {
            Ok(_) => {
                let backup = aside.join(format!("replaced-{index}"));
                std::fs::rename(&target, &backup).map_err(|e| io(&target, "cannot replace", e))?;
                Some(backup)
            }
            Err(_) => None,
        };
        let placed = std::fs::rename(file, &target);
        done.push(Done::Placed {
            target: target.clone(),
            backup,
        });
        placed.map_err(|e| io(&target, "cannot write", e))?;
    }
    Ok(())
}

/// Creates the missing folders between `out` and `target`, recording each one.
fn create_folders(out: &Path, target: &Path, done: &mut Vec<Done>) -> Result<()> {
    let Some(parent) = target.parent() else {
        return Ok(());
    };
    let missing: Vec<&Path> = parent
        .ancestors()
        .take_while(|folder| *folder != out && std::fs::symlink_metadata(folder).is_err())
        .collect();
    for folder in missing.into_iter().rev() {
        std::fs::create_dir(folder).map_err(|e| io(folder, "cannot create folder", e))?;
        done.push(Done::CreatedFolder(folder.to_path_buf()));
    }
    Ok(())
}

/// Undoes the steps taken, last first. Best effort: a step that cannot be undone leaves the
/// others to be undone still.
fn undo(done: Vec<Done>) {
    for step in done.into_iter().rev() {
        match step {
            Done::Placed { target, backup } => {
                let _ = std::fs::remove_file(&target);
                if let Some(backup) = backup {
                    let _ = std::fs::rename(backup, &target);
                }
            }
            Done::Removed { target, backup } => {
                let _ = std::fs::rename(backup, target);
            }
            Done::CreatedFolder(folder) => {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

/// Removes the folders that removing files left empty, up to (not including) `out`.
fn remove_empty_folders(out: &Path, removals: &[&str]) {
    for relative in removals {
        let target = out.join(relative);
        for folder in target.ancestors().skip(1) {
            if folder == out || std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every file and folder under `dir`, with the content of each file.
    fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let mut found = BTreeMap::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    found.insert(path.clone(), None);
                    folders.push(path);
                } else {
                    found.insert(path.clone(), Some(std::fs::read(&path).unwrap()));
                }
            }
        }
        found
    }

    #[test]
    fn a_step_that_fails_late_undoes_every_step_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/lib.rs"), "old lib").unwrap();
        std::fs::write(out.join("src/gone.rs"), "gone").unwrap();
        let before = tree(out);
        // The last write fails when it is moved into place (the name is too long), after a
        // removal, a replacement and a new folder.
        let long = format!("src/{}.rs", "x".repeat(300));
        let writes: Vec<(&str, &[u8])> = vec![
            ("src/lib.rs", b"new lib"),
            ("src/models/a.rs", b"a"),
            (long.as_str(), b"x"),
        ];
        let err = apply(out, &writes, &["src/gone.rs"]).unwrap_err();
        assert!(err.message.contains("cannot write"), "{err}");
        assert_eq!(tree(out), before);
    }

    #[test]
    fn a_successful_apply_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("old/deep")).unwrap();
        std::fs::write(out.join("old/deep/gone.rs"), "gone").unwrap();
        apply(out, &[("src/lib.rs", b"lib")], &["old/deep/gone.rs"]).unwrap();
        let expected: BTreeMap<_, _> = [
            (out.join("src"), None),
            (out.join("src/lib.rs"), Some(b"lib".to_vec())),
        ]
        .into_iter()
        .collect();
        assert_eq!(tree(out), expected);
    }
}
