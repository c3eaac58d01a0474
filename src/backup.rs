//! `cpor backup DIR` and `cpor restore DIR` for the embedded default (SQLite and the local file
//! store): a consistent snapshot of a running portal and the PoE files its rows name, with a
//! manifest of checksums; restored only into an empty data directory, every checksum verified
//! first. PostgreSQL and S3 deployments use their engines' own tools (README, "Backups").

use crate::config::Settings;
use crate::db::Db;
use crate::storage::StorageLocation;
use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use sqlx::Connection;
use std::path::{Component, Path, PathBuf};

/// The manifest's name in a backup directory.
pub const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "cpor.sqlite3";
const SESSION_KEY: &str = "session.key";

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the backup directory.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub portal_version: String,
    pub database: Entry,
    pub files: Vec<Entry>,
    /// PoE files a row of the snapshot names that were gone by the time they were copied (removed
    /// from a draft meanwhile).
    pub missing: Vec<String>,
    pub session_key: Option<Entry>,
}

/// A path inside a directory, refused if it could leave it.
fn inside(root: &Path, relative: &str) -> anyhow::Result<PathBuf> {
    let path = Path::new(relative);
    if relative.is_empty() || path.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("{relative:?} is not a path inside the backup");
    }
    Ok(root.join(path))
}

/// Copies a file, making the copy durable, and returns its size and SHA-256.
async fn copy_file(from: &Path, to: &Path) -> std::io::Result<(u64, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if let Some(folder) = to.parent() {
        tokio::fs::create_dir_all(folder).await?;
    }
    let mut source = tokio::fs::File::open(from).await?;
    let mut target = tokio::fs::File::create(to).await?;
    let (mut hasher, mut size, mut buffer) = (Sha256::new(), 0u64, vec![0u8; 64 * 1024]);
    loop {
        let n = source.read(&mut buffer).await?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        target.write_all(&buffer[..n]).await?;
        size += n as u64;
    }
    target.sync_all().await?;
    Ok((size, hex::encode(hasher.finalize())))
}

/// The directory the PoE files are in; a bucket is backed up by its own versioning instead.
fn file_store(settings: &Settings) -> anyhow::Result<PathBuf> {
    match StorageLocation::parse(settings.storage_url.as_deref(), &settings.data_dir)? {
        StorageLocation::Files(dir) => Ok(dir),
        bucket @ StorageLocation::Bucket { .. } => {
            bail!("the PoE files are in {}: back the bucket up with its versioning or replication (README, Backups)", bucket.describe())
        }
    }
}

/// Where a backup entry goes: PoE files (`poe/KEY`) into the file store, the rest into the data
/// directory.
fn restored_path(settings: &Settings, store: &Path, relative: &str) -> anyhow::Result<PathBuf> {
    match relative.strip_prefix("poe/") {
        Some(key) => inside(store, key),
        None => inside(&settings.data_dir, relative),
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none())
}

/// Writes a consistent snapshot of the running portal into `dir` (new or empty).
pub async fn backup(db: &Db, settings: &Settings, dir: &Path, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<Manifest> {
    let Db::Sqlite(pool, _) = db else {
        bail!("cpor backup copies the embedded SQLite database; for PostgreSQL use pg_dump or base backups (README, Backups)");
    };
    let data_dir = settings.data_dir.as_path();
    let store = file_store(settings)?;
    if !is_empty_dir(dir) {
        bail!("{} is not empty: back up into a new directory", dir.display());
    }
    tokio::fs::create_dir_all(dir).await.with_context(|| format!("cannot create {}", dir.display()))?;
    let snapshot = dir.join(DATABASE);
    // One read transaction: every row committed before it, none after, whatever writes meanwhile.
    sqlx::query("VACUUM INTO $1").bind(snapshot.to_string_lossy().to_string()).execute(pool).await.context("the database snapshot")?;
    let url = format!("sqlite://{}?mode=ro", snapshot.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await?;
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT storage_key, sha256 FROM poe_files ORDER BY id").fetch_all(&mut conn).await?;
    conn.close().await?;
    let (mut files, mut missing) = (Vec::new(), Vec::new());
    for (key, expected) in rows {
        let relative = format!("poe/{key}");
        let source = inside(&store, &key)?;
        match copy_file(&source, &inside(dir, &relative)?).await {
            Ok((size, sha256)) => {
                if sha256 != expected {
                    bail!("the stored PoE file {key} does not match its checksum: the file store is damaged");
                }
                files.push(Entry { path: relative, size, sha256 });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => missing.push(key),
            Err(error) => return Err(error).with_context(|| format!("cannot copy {}", source.display())),
        }
    }
    let (size, sha256) = digest(&snapshot).await?;
    let session_key = match copy_file(&data_dir.join(SESSION_KEY), &dir.join(SESSION_KEY)).await {
        Ok((size, sha256)) => Some(Entry { path: SESSION_KEY.into(), size, sha256 }),
        Err(_) => None,
    };
    let manifest = Manifest {
        format: 1,
        created_at: now.to_rfc3339(),
        portal_version: env!("CARGO_PKG_VERSION").into(),
        database: Entry { path: DATABASE.into(), size, sha256 },
        files,
        missing,
        session_key,
    };
    let text = serde_json::to_vec_pretty(&manifest)?;
    let path = dir.join(MANIFEST);
    tokio::fs::write(&path, text).await?;
    tokio::fs::File::open(&path).await?.sync_all().await?;
    Ok(manifest)
}

async fn digest(path: &Path) -> std::io::Result<(u64, String)> {
    let bytes = tokio::fs::read(path).await?;
    Ok((bytes.len() as u64, hex::encode(Sha256::digest(&bytes))))
}

/// Restores a backup into `data_dir`, which must hold no database and no PoE files; every file's
/// checksum is verified before anything is written.
pub async fn restore(dir: &Path, settings: &Settings) -> anyhow::Result<Manifest> {
    let data_dir = settings.data_dir.as_path();
    let store = file_store(settings)?;
    let text = tokio::fs::read(dir.join(MANIFEST)).await.with_context(|| format!("{} has no {MANIFEST}", dir.display()))?;
    let manifest: Manifest = serde_json::from_slice(&text).context("the manifest cannot be read")?;
    let entries: Vec<&Entry> = std::iter::once(&manifest.database).chain(&manifest.files).chain(&manifest.session_key).collect();
    for entry in &entries {
        let (size, sha256) = digest(&inside(dir, &entry.path)?).await.with_context(|| format!("{} is missing", entry.path))?;
        if (size, sha256.as_str()) != (entry.size, entry.sha256.as_str()) {
            bail!("{} does not match the manifest: the backup is damaged", entry.path);
        }
    }
    if data_dir.join(DATABASE).exists() || !is_empty_dir(&store) {
        bail!("{} already holds a portal: restore into an empty data directory", data_dir.display());
    }
    for entry in entries {
        copy_file(&inside(dir, &entry.path)?, &restored_path(settings, &store, &entry.path)?).await?;
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let root = Path::new("/backup");
        assert!(inside(root, "poe/claims/CP-1/abc").is_ok());
        for bad in ["", "../etc/passwd", "/etc/passwd", "poe/../../x"] {
            assert!(inside(root, bad).is_err(), "{bad}");
        }
    }
}
