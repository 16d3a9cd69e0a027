//! Atomic writing of artifacts: a temporary file beside the target, then a rename.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use scriba_core::Artifact;

/// Why an artifact could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The artifact's path would leave the output directory or is not a plain relative path.
    #[error(
        "refusing to write `{path}`: artifact paths must be relative and stay inside the output directory"
    )]
    UnsafePath {
        /// The offending path.
        path: String,
    },
    /// The output directory, or a directory on its way, is a file.
    #[error(
        "cannot write `{}`: `{}` is a file, not a directory (choose another output directory with -o)",
        target.display(),
        file.display()
    )]
    NotADirectory {
        /// The file that could not be written.
        target: PathBuf,
        /// The file that stands where a directory must be.
        file: PathBuf,
    },
    /// The file system refused.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file that could not be written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Checks that an artifact path is relative, `/`-separated, and has no `..`, root or prefix.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        return None;
    }
    let p = Path::new(path);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Writes every artifact below `dir` atomically and returns the written paths.
///
/// All paths are checked before anything is written; each file is written to a temporary
/// file in its target directory and renamed into place, so a failure never leaves a
/// half-written output behind.
pub fn write_artifacts(dir: &Path, artifacts: &[Artifact]) -> Result<Vec<PathBuf>, WriteError> {
    let targets = artifacts
        .iter()
        .map(|a| {
            safe_relative(&a.path)
                .map(|rel| dir.join(rel))
                .ok_or_else(|| WriteError::UnsafePath {
                    path: a.path.clone(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (artifact, target) in artifacts.iter().zip(&targets) {
        write_atomic(target, &artifact.bytes)?;
    }
    Ok(targets)
}

fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: target.to_path_buf(),
        source,
    };
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|source| {
        // "File exists" would not say which file is in the way.
        match parent.ancestors().find(|a| a.is_file()) {
            Some(file) => WriteError::NotADirectory {
                target: target.to_path_buf(),
                file: file.to_path_buf(),
            },
            None => io(source),
        }
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scriba-").suffix(".tmp");
    // Outputs are ordinary files (rw-r--r--), not the private mode of temporary files.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(parent).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    // No fsync before the rename: the rename already makes the replacement atomic for every
    // reader (a failed run leaves the old file or none, never half a file), as cargo and
    // typst write their outputs. Flushing to the disk is the file system's business (ext4
    // and btrfs flush a file renamed over another); an fsync per output cost about 1.5 ms,
    // a fifth of exporting a small transcript.
    tmp.persist(target).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "a\\b", "a\0b"] {
            let artifacts = [
                Artifact {
                    path: "ok.txt".into(),
                    media_type: "text/plain".into(),
                    bytes: b"ok".to_vec(),
                },
                Artifact {
                    path: bad.into(),
                    media_type: "text/plain".into(),
                    bytes: b"bad".to_vec(),
                },
            ];
            assert!(
                matches!(
                    write_artifacts(dir.path(), &artifacts),
                    Err(WriteError::UnsafePath { .. })
                ),
                "{bad:?} must be refused"
            );
            assert!(!dir.path().join("ok.txt").exists(), "nothing is written");
        }
    }

    #[test]
    fn a_file_where_the_output_directory_should_be_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("out");
        std::fs::write(&file, b"a file").expect("a file");
        let artifacts = [Artifact {
            path: "sub/t.pdf".into(),
            media_type: "application/pdf".into(),
            bytes: b"%PDF".to_vec(),
        }];
        let err = write_artifacts(&file, &artifacts).expect_err("cannot write");
        assert!(
            matches!(&err, WriteError::NotADirectory { file: f, .. } if *f == file),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("is a file, not a directory"),
            "{err}"
        );
        assert_eq!(std::fs::read(&file).expect("still there"), b"a file");
    }

    #[test]
    fn nested_paths_are_written_and_no_temp_files_remain() {
        let dir = tempfile::tempdir().expect("temp dir");
        let artifacts = [Artifact {
            path: "sub/dir/file.txt".into(),
            media_type: "text/plain".into(),
            bytes: b"hello".to_vec(),
        }];
        let written = write_artifacts(dir.path(), &artifacts).expect("written");
        assert_eq!(fs::read(&written[0]).expect("read back"), b"hello");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&written[0])
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644, "an ordinary file, readable by others");
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("sub/dir"))
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".scriba-"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
