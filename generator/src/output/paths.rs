//! Which paths under --out the generator may write or remove. Generated paths are checked
//! before anything is written; manifest entries are checked before a file is removed, since
//! `.generated-files` is a file anyone can edit.

use std::path::{Component, Path};

/// The longest file or folder name most filesystems accept (NAME_MAX on Linux and macOS).
pub const MAX_NAME_BYTES: usize = 255;

/// Why `relative` is not a plain relative path of short names (`src/lib.rs`), if it is not.
pub fn relative_path_problem(relative: &str) -> Option<String> {
    if relative.is_empty() {
        return Some("an empty path".to_string());
    }
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(name) if name.len() > MAX_NAME_BYTES => {
                return Some(format!(
                    "the name {:?} is {} bytes long, more than the {MAX_NAME_BYTES} a filesystem accepts",
                    name.to_string_lossy(),
                    name.len()
                ))
            }
            Component::Normal(_) => {}
            Component::ParentDir => return Some("it leaves --out (`..`)".to_string()),
            Component::RootDir | Component::Prefix(_) => {
                return Some("an absolute path".to_string())
            }
            Component::CurDir => return Some("not a normalized path (`.`)".to_string()),
        }
    }
    None
}

/// Why `relative` under `out` cannot be written, if it cannot: a folder on the way is a
/// symbolic link (writing there would write outside --out) or a file, or the path itself is a
/// folder. Parts that do not exist yet are fine.
pub fn write_problem(out: &Path, relative: &str) -> Option<String> {
    if let Some(problem) = path_problem(out, relative) {
        return Some(problem);
    }
    match std::fs::symlink_metadata(out.join(relative)) {
        Ok(meta) if meta.is_dir() => Some("a folder is in the way".to_string()),
        _ => None,
    }
}

/// Why the manifest entry `relative` must not be removed, if it must not: it is not a plain
/// relative path, it goes through a symbolic link, or it is not a plain file (a symbolic link,
/// a folder). An entry whose file no longer exists is no problem: there is nothing to remove.
pub fn removal_problem(out: &Path, relative: &str) -> Option<String> {
    if let Some(problem) = path_problem(out, relative) {
        return Some(problem);
    }
    match std::fs::symlink_metadata(out.join(relative)) {
        Ok(meta) if meta.file_type().is_symlink() => Some("a symbolic link".to_string()),
        Ok(meta) if !meta.is_file() => Some("not a plain file".to_string()),
        _ => None,
    }
}

/// Why `relative` is not a plain relative path, or a folder on its way is unfit, if so.
fn path_problem(out: &Path, relative: &str) -> Option<String> {
    relative_path_problem(relative).or_else(|| folders_problem(out, relative))
}

/// Why a folder between `out` and `relative` is unfit, if one is.
fn folders_problem(out: &Path, relative: &str) -> Option<String> {
    let mut folder = out.to_path_buf();
    let mut parents = Path::new(relative).components().collect::<Vec<_>>();
    parents.pop();
    for component in parents {
        folder.push(component);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Some(format!(
                    "{} is a symbolic link, which may lead outside --out",
                    folder.display()
                ))
            }
            Ok(meta) if !meta.is_dir() => {
                return Some(format!("{} is not a folder", folder.display()))
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_of_short_names_pass() {
        assert_eq!(relative_path_problem("src/datadogV2/api_users.rs"), None);
        assert!(relative_path_problem("../victim.txt").is_some());
        assert!(relative_path_problem("src/../../victim.txt").is_some());
        assert!(relative_path_problem("/etc/passwd").is_some());
        assert!(relative_path_problem("./a.rs").is_some());
        assert!(relative_path_problem("").is_some());
        let long = format!("src/{}.rs", "a".repeat(300));
        assert!(relative_path_problem(&long).unwrap().contains("bytes"));
    }
}
