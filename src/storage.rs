//! Where PoE bytes live: an `object_store`, a directory (`DATA_DIR/poe` by default) or an
//! S3-compatible bucket, under generated keys.
//!
//! An upload is first received into this instance's own staging folder (`DATA_DIR/poe-incoming`)
//! while its SHA-256 is computed and its limits enforced, because its kind can only be judged from
//! the whole file (a zip's directory is at its end) and no unjudged byte should reach the store.
//! Then it is stored (a rename after fsync on disk; a single put, or a multipart upload in 8 MiB
//! parts, to a bucket), and only then is its database row written. An acknowledged upload is
//! never lost; a crash leaves at worst an object without a row, which the sweep removes once it is
//! older than any upload in flight on any instance.

mod location;

use crate::db::{Db, poe};
use futures_util::StreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use location::StorageLocation;

/// Files up to this size go to a bucket in one request; larger ones in parts of this size.
const PART_BYTES: usize = 8 << 20;

/// A bucket that took a probe write this recently is not asked again by `/ready`, which a load
/// balancer may call every second from every instance: each probe is two requests to the store.
const BUCKET_PROBE_KEPT: std::time::Duration = std::time::Duration::from_secs(5);

pub struct PoeStore {
    store: Arc<dyn ObjectStore>,
    location: StorageLocation,
    incoming: PathBuf,
    crash_before_row: AtomicBool,
    /// When the bucket last took a probe write.
    bucket_probed: std::sync::Mutex<Option<std::time::Instant>>,
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
    /// Opens the store `location` names, and this instance's staging folder in `data_dir`. A
    /// bucket is not contacted here: `/ready` says whether it can be reached.
    pub fn open(data_dir: &Path, location: StorageLocation) -> anyhow::Result<PoeStore> {
        let incoming = data_dir.join("poe-incoming");
        std::fs::create_dir_all(&incoming)?;
        let store: Arc<dyn ObjectStore> = match &location {
            StorageLocation::Files(root) => {
                std::fs::create_dir_all(root)?;
                Arc::new(LocalFileSystem::new_with_prefix(root)?)
            }
            StorageLocation::Bucket { bucket, prefix } => {
                // Endpoint, region and credentials from the standard AWS_* variables.
                // A few retries, briefly: a person is waiting on the upload, and a store that is down
                // should get a clear answer rather than minutes of backing off.
                let retry =
                    object_store::RetryConfig { max_retries: 3, retry_timeout: std::time::Duration::from_secs(20), ..Default::default() };
                let s3 = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket).with_retry(retry).build()?;
                match prefix {
                    Some(prefix) => Arc::new(object_store::prefix::PrefixStore::new(s3, prefix.as_str())),
                    None => Arc::new(s3),
                }
            }
        };
        Ok(PoeStore { store, location, incoming, crash_before_row: AtomicBool::new(false), bucket_probed: Default::default() })
    }

    pub fn location(&self) -> &StorageLocation {
        &self.location
    }

    /// Whether uploads can be taken now: the staging folder and the store each take a small
    /// write, which is then removed.
    pub async fn probe(&self) -> anyhow::Result<()> {
        use tokio::io::AsyncWriteExt;
        let path = self.incoming.join(format!("probe-{}", uuid::Uuid::new_v4().simple()));
        let mut file = tokio::fs::File::create(&path).await?;
        file.write_all(b"ready?").await?;
        file.sync_all().await?;
        tokio::fs::remove_file(&path).await?;
        let remote = matches!(self.location, StorageLocation::Bucket { .. });
        let recently = || self.bucket_probed.lock().ok().and_then(|at| *at).is_some_and(|at| at.elapsed() < BUCKET_PROBE_KEPT);
        if remote && recently() {
            return Ok(());
        }
        let key = StorePath::from(format!("probes/{}", uuid::Uuid::new_v4().simple()));
        self.store.put(&key, PutPayload::from_static(b"ready?")).await?;
        self.store.delete(&key).await?;
        if let Ok(mut at) = self.bucket_probed.lock() {
            *at = Some(std::time::Instant::now());
        }
        Ok(())
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

    /// Stores a received upload under `key`, durably, before its row is written. The staging file
    /// is removed whatever happens.
    pub async fn persist(&self, mut incoming: IncomingFile, key: &str) -> anyhow::Result<()> {
        use tokio::io::AsyncWriteExt;
        incoming.file.flush().await?;
        match &self.location {
            StorageLocation::Files(root) => {
                incoming.file.sync_all().await?;
                let target = root.join(key);
                let folder = target.parent().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                tokio::fs::create_dir_all(&folder).await?;
                if let Err(error) = tokio::fs::rename(&incoming.path, &target).await {
                    if error.kind() != std::io::ErrorKind::CrossesDevices {
                        return Err(error.into());
                    }
                    // The store is on another filesystem: copy beside the target, then rename.
                    let partial = folder.join(format!(".{}.partial", uuid::Uuid::new_v4().simple()));
                    tokio::fs::copy(&incoming.path, &partial).await?;
                    tokio::fs::File::open(&partial).await?.sync_all().await?;
                    tokio::fs::rename(&partial, &target).await?;
                } else {
                    incoming.persisted = true;
                }
                tokio::fs::File::open(&folder).await?.sync_all().await?;
            }
            StorageLocation::Bucket { .. } => self.upload(&incoming.path, key).await?,
        }
        Ok(())
    }

    /// Streams a staged file to the bucket: one put when small, a multipart upload otherwise
    /// (aborted, its parts removed, if any part fails).
    async fn upload(&self, staged: &Path, key: &str) -> anyhow::Result<()> {
        use tokio::io::AsyncReadExt;
        let location = StorePath::from(key);
        let size = tokio::fs::metadata(staged).await?.len();
        if size <= PART_BYTES as u64 {
            let bytes = tokio::fs::read(staged).await?;
            self.store.put(&location, PutPayload::from(bytes)).await?;
            return Ok(());
        }
        let mut file = tokio::fs::File::open(staged).await?;
        let mut upload = WriteMultipart::new_with_chunk_size(self.store.put_multipart(&location).await?, PART_BYTES);
        let mut buffer = vec![0u8; 1 << 20];
        loop {
            let read = match file.read(&mut buffer).await {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) => {
                    let _ = upload.abort().await;
                    return Err(error.into());
                }
            };
            upload.write(&buffer[..read]);
            if let Err(error) = upload.wait_for_capacity(2).await {
                let _ = upload.abort().await;
                return Err(error.into());
            }
        }
        upload.finish().await?;
        Ok(())
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
