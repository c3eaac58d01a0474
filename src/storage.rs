//! Where PoE bytes live: an `object_store` (the local filesystem under the data directory by
//! default), under generated keys. Writes go temporary file → fsync → rename → (caller) database
//! row, so an acknowledged upload is never lost and a crash leaves at worst a file without a row,
//! which the sweep at start-up removes.

use crate::db::{Db, poe};
use futures_util::StreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct PoeStore {
    store: Arc<dyn ObjectStore>,
    root: PathBuf,
    incoming: PathBuf,
    crash_before_row: AtomicBool,
}

/// An upload being received: a temporary file that is deleted on drop unless persisted.
pub struct IncomingFile {
    pub path: PathBuf,
    pub file: tokio::fs::File,
    persisted: bool,
}

impl Drop for IncomingFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl PoeStore {
    /// Opens (and creates) `DATA_DIR/poe` and its sibling for uploads in progress, which is on the
    /// same filesystem so that persisting is a rename.
    pub fn open(data_dir: &Path) -> anyhow::Result<PoeStore> {
        let root = data_dir.join("poe");
        let incoming = data_dir.join("poe-incoming");
        std::fs::create_dir_all(&root)?;
        std::fs::create_dir_all(&incoming)?;
        let store = Arc::new(LocalFileSystem::new_with_prefix(&root)?);
        Ok(PoeStore { store, root, incoming, crash_before_row: AtomicBool::new(false) })
    }

    /// Whether the store takes a write now: a small file written, flushed and removed.
    pub async fn probe(&self) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        let path = self.incoming.join(format!("probe-{}", uuid::Uuid::new_v4().simple()));
        let mut file = tokio::fs::File::create(&path).await?;
        file.write_all(b"ready?").await?;
        file.sync_all().await?;
        tokio::fs::remove_file(&path).await
    }

    /// A fresh key for a claim's file. Never derived from what the uploader named it.
    pub fn new_key(claim_public_id: &str) -> String {
        format!("claims/{claim_public_id}/{}", uuid::Uuid::new_v4().simple())
    }

    pub async fn incoming_file(&self) -> std::io::Result<IncomingFile> {
        let path = self.incoming.join(uuid::Uuid::new_v4().simple().to_string());
        let file = tokio::fs::File::create(&path).await?;
        Ok(IncomingFile { path, file, persisted: false })
    }

    /// Makes an upload durable under `key`: fsync the file, rename it into place, fsync the folder.
    pub async fn persist(&self, mut incoming: IncomingFile, key: &str) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        incoming.file.flush().await?;
        incoming.file.sync_all().await?;
        let target = self.root.join(key);
        let folder = target.parent().map(Path::to_path_buf).unwrap_or_else(|| self.root.clone());
        tokio::fs::create_dir_all(&folder).await?;
        tokio::fs::rename(&incoming.path, &target).await?;
        incoming.persisted = true;
        tokio::fs::File::open(&folder).await?.sync_all().await
    }

    /// The bytes of a stored file, as a stream.
    pub async fn read(
        &self,
        key: &str,
    ) -> object_store::Result<futures_util::stream::BoxStream<'static, object_store::Result<actix_web::web::Bytes>>> {
        Ok(self.store.get(&StorePath::from(key)).await?.into_stream())
    }

    pub async fn delete(&self, key: &str) {
        if let Err(error) = self.store.delete(&StorePath::from(key)).await {
            tracing::warn!(%error, key, "could not delete a PoE file; the start-up sweep will");
        }
    }

    /// Removes uploads that never finished, and stored files that have no database row (an upload
    /// interrupted between rename and row) once they are older than `grace`, so that an upload in
    /// flight on another instance is never touched.
    pub async fn sweep(&self, db: &Db, grace: std::time::Duration) -> anyhow::Result<usize> {
        let mut removed = 0;
        let mut entries = tokio::fs::read_dir(&self.incoming).await?;
        while let Some(entry) = entries.next_entry().await? {
            let old = entry.metadata().await?.modified()?.elapsed().unwrap_or_default() >= grace;
            if old && tokio::fs::remove_file(entry.path()).await.is_ok() {
                removed += 1;
            }
        }
        let cutoff = chrono::Utc::now() - chrono::Duration::from_std(grace)?;
        let mut listing = self.store.list(None);
        let mut batch = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            if meta.last_modified <= cutoff {
                batch.push(meta.location.to_string());
            }
            if batch.len() == 500 {
                removed += self.remove_orphans(db, std::mem::take(&mut batch)).await?;
            }
        }
        removed += self.remove_orphans(db, batch).await?;
        Ok(removed)
    }

    async fn remove_orphans(&self, db: &Db, keys: Vec<String>) -> anyhow::Result<usize> {
        if keys.is_empty() {
            return Ok(0);
        }
        let known = poe::existing_keys(db, &keys).await?;
        let mut removed = 0;
        for key in keys.iter().filter(|k| !known.contains(*k)) {
            tracing::info!(key, "removing a PoE file without a database row");
            self.delete(key).await;
            removed += 1;
        }
        Ok(removed)
    }

    /// For the crash-safety tests: make the next uploads stop dead after their files are in place
    /// and before their rows are written, as a power cut would.
    #[doc(hidden)]
    pub fn simulate_crash_before_row(&self, on: bool) {
        self.crash_before_row.store(on, Ordering::SeqCst);
    }

    pub fn crashes_before_row(&self) -> bool {
        self.crash_before_row.load(Ordering::SeqCst)
    }

    /// Whether a key has bytes in the store (for tests and checks).
    pub async fn exists(&self, key: &str) -> bool {
        self.store.head(&StorePath::from(key)).await.is_ok()
    }

    /// Every key in the store (for tests and checks).
    pub async fn keys(&self) -> Vec<String> {
        self.store.list(None).filter_map(|m| async move { m.ok().map(|m| m.location.to_string()) }).collect().await
    }

    /// Files of uploads in progress (for tests and checks).
    pub fn incoming_count(&self) -> usize {
        std::fs::read_dir(&self.incoming).map(|d| d.count()).unwrap_or(0)
    }
}
