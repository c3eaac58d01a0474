//! Why `cpor` could not start, said so a newcomer can act on it: what was tried (the address, the
//! path, the database's host and name, never a password), the cause as the system gave it, and
//! one line on what to do. Each kind has its own exit code (the README lists them).

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The data directory (or a file in it) cannot be created or written.
    DataDirectory,
    /// The address to listen on cannot be bound.
    Address,
    /// The database cannot be reached (nothing listens, no such host, no answer).
    DatabaseUnreachable,
    /// The database answered and refused (authentication, no such database, permissions).
    DatabaseRefused,
    /// The database's migrations could not be applied.
    Migrations,
}

impl FailureKind {
    /// The process's exit status for this kind (1 is any other failure, 2 a bad argument).
    pub fn exit_code(self) -> u8 {
        match self {
            FailureKind::DataDirectory => 3,
            FailureKind::Address => 4,
            FailureKind::DatabaseUnreachable => 5,
            FailureKind::DatabaseRefused => 6,
            FailureKind::Migrations => 7,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupFailure {
    pub kind: FailureKind,
    /// What was tried, e.g. "cannot listen on 127.0.0.1:8080".
    pub what: String,
    /// The cause as the system gave it.
    pub cause: String,
    /// One line on what to do.
    pub hint: String,
}

impl fmt::Display for StartupFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}\n  {}", self.what, self.cause, self.hint)
    }
}

impl std::error::Error for StartupFailure {}

impl StartupFailure {
    pub fn new(kind: FailureKind, what: impl Into<String>, cause: impl fmt::Display, hint: impl Into<String>) -> StartupFailure {
        StartupFailure { kind, what: what.into(), cause: cause.to_string(), hint: hint.into() }
    }

    /// The data directory could not be made or written.
    pub fn data_directory(path: &Path, error: &std::io::Error) -> StartupFailure {
        StartupFailure::new(
            FailureKind::DataDirectory,
            format!("cannot use the data directory {}", path.display()),
            error,
            "create the directory or give this user write access to it, or choose another with --data-dir (CPOR_DATA_DIR)",
        )
    }

    /// The address could not be bound.
    pub fn address(address: &str, error: &std::io::Error) -> StartupFailure {
        let hint = match error.kind() {
            std::io::ErrorKind::AddrInUse => "another program uses this port: stop it, or choose another port with --bind (CPOR_BIND)",
            std::io::ErrorKind::PermissionDenied => "ports below 1024 need privileges: choose a port above 1024 with --bind (CPOR_BIND)",
            _ => "check the address given with --bind (CPOR_BIND), e.g. --bind 127.0.0.1:8080",
        };
        StartupFailure::new(FailureKind::Address, format!("cannot listen on {address}"), error, hint)
    }
}

/// Makes sure the data directory exists and this user can write in it.
pub fn ensure_data_directory(path: &Path) -> Result<(), StartupFailure> {
    std::fs::create_dir_all(path).map_err(|e| StartupFailure::data_directory(path, &e))?;
    let probe = path.join(format!(".cpor-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| StartupFailure::data_directory(path, &e))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_says_what_why_and_what_to_do() {
        let error = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        let text = StartupFailure::address("127.0.0.1:8080", &error).to_string();
        assert!(text.starts_with("cannot listen on 127.0.0.1:8080: "), "{text}");
        assert!(text.lines().count() == 2 && text.contains("--bind"), "{text}");
    }

    #[test]
    fn a_data_directory_under_a_file_is_explained_with_its_path() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").expect("file");
        let failure = ensure_data_directory(&file.join("data")).expect_err("not a directory");
        assert_eq!(failure.kind, FailureKind::DataDirectory);
        assert!(failure.what.contains("a-file/data") && failure.hint.contains("write access"), "{failure}");
    }
}
