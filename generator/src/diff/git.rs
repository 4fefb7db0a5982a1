//! The spec at a git revision, extracted into a temporary folder.

use crate::error::{GenError, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| GenError::new("git", format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(GenError::new("git", message))
    }
}

/// Extracts `spec` (a folder or file of the working tree) as it is at `revision`. The folder
/// returned keeps the spec's name, so that locations read `spec/v2/users.yaml` on both sides;
/// it lives as long as the `TempDir`.
pub(crate) fn spec_at(revision: &str, spec: &Path) -> Result<(TempDir, PathBuf)> {
    let absolute = std::path::absolute(spec)
        .map_err(|e| GenError::new(spec.display().to_string(), format!("cannot read: {e}")))?;
    let name = absolute
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "spec".into());
    let parent = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let top = git(&parent, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        GenError::new(
            spec.display().to_string(),
            format!("not in a git repository: {}", e.message),
        )
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = top.canonicalize().unwrap_or(top);
    let parent = parent.canonicalize().unwrap_or(parent);
    let relative = parent
        .strip_prefix(&top)
        .map_err(|_| GenError::new(spec.display().to_string(), "not inside the git repository"))?
        .join(&name);
    let relative = relative.to_string_lossy().replace('\\', "/");
    // An unknown revision: git's own message ("Not a valid object name ...").
    let revision_error = |e: GenError| GenError::new(format!("revision `{revision}`"), e.message);
    let listing = git(
        &top,
        &["ls-tree", "-r", "--name-only", revision, "--", &relative],
    )
    .map_err(revision_error)?;
    let files: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .map(String::from)
        .collect();
    if files.is_empty() {
        return Err(GenError::new(
            format!("revision `{revision}`"),
            format!("{relative} does not exist at this revision"),
        ));
    }
    let temp = tempfile::tempdir().map_err(|e| GenError::new("temporary folder", e.to_string()))?;
    let root = temp.path().join(&name);
    for file in &files {
        let content =
            git(&top, &["show", &format!("{revision}:{file}")]).map_err(revision_error)?;
        let inside = file
            .strip_prefix(&relative)
            .unwrap_or(file)
            .trim_start_matches('/');
        let target = if inside.is_empty() {
            root.clone()
        } else {
            root.join(inside)
        };
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| GenError::new(dir.display().to_string(), e.to_string()))?;
        }
        std::fs::write(&target, content)
            .map_err(|e| GenError::new(target.display().to_string(), e.to_string()))?;
    }
    Ok((temp, root))
}
