//! Where PoE files are kept, as the operator names it with `--storage-url`: `file://DIR` (the
//! default, `DATA_DIR/poe`) or `s3://BUCKET[/PREFIX]`, with the endpoint, region and credentials
//! from the standard `AWS_*` variables.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageLocation {
    /// A directory on this machine.
    Files(PathBuf),
    /// A bucket of an S3-compatible store, with an optional key prefix.
    Bucket { bucket: String, prefix: Option<String> },
}

impl StorageLocation {
    /// Reads `--storage-url`; none means the data directory's `poe` folder.
    pub fn parse(url: Option<&str>, data_dir: &Path) -> anyhow::Result<StorageLocation> {
        let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(StorageLocation::Files(data_dir.join("poe")));
        };
        if let Some(dir) = url.strip_prefix("file://") {
            anyhow::ensure!(!dir.is_empty(), "--storage-url file:// needs a directory, e.g. file:///var/lib/cpor/poe");
            return Ok(StorageLocation::Files(PathBuf::from(dir)));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = match rest.split_once('/') {
                Some((bucket, prefix)) => (bucket, Some(prefix.trim_matches('/').to_string()).filter(|p| !p.is_empty())),
                None => (rest, None),
            };
            anyhow::ensure!(
                !bucket.is_empty()
                    && bucket.len() <= 63
                    && bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
                "--storage-url s3://BUCKET[/PREFIX]: {bucket:?} is not a bucket name (3-63 lower-case letters, digits, '-' and '.')"
            );
            return Ok(StorageLocation::Bucket { bucket: bucket.to_string(), prefix });
        }
        anyhow::bail!("--storage-url must start with file:// or s3:// (got {url:?})")
    }

    /// How the location reads in logs and messages; never a credential.
    pub fn describe(&self) -> String {
        match self {
            StorageLocation::Files(dir) => format!("file://{}", dir.display()),
            StorageLocation::Bucket { bucket, prefix: Some(prefix) } => format!("s3://{bucket}/{prefix}"),
            StorageLocation::Bucket { bucket, prefix: None } => format!("s3://{bucket}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_data_directory() {
        let location = StorageLocation::parse(None, Path::new("/srv/cpor")).expect("default");
        assert_eq!(location, StorageLocation::Files(PathBuf::from("/srv/cpor/poe")));
        assert_eq!(StorageLocation::parse(Some(" "), Path::new("/d")).expect("blank"), StorageLocation::Files(PathBuf::from("/d/poe")));
    }

    #[test]
    fn files_and_buckets_are_read() {
        let d = Path::new("/d");
        assert_eq!(StorageLocation::parse(Some("file:///mnt/poe"), d).expect("file"), StorageLocation::Files(PathBuf::from("/mnt/poe")));
        assert_eq!(
            StorageLocation::parse(Some("s3://cpor-poe"), d).expect("bucket"),
            StorageLocation::Bucket { bucket: "cpor-poe".into(), prefix: None }
        );
        let prefixed = StorageLocation::parse(Some("s3://cpor-poe/prod/eu/"), d).expect("prefix");
        assert_eq!(prefixed, StorageLocation::Bucket { bucket: "cpor-poe".into(), prefix: Some("prod/eu".into()) });
        assert_eq!(prefixed.describe(), "s3://cpor-poe/prod/eu");
    }

    #[test]
    fn anything_else_is_refused() {
        let d = Path::new("/d");
        for url in ["file://", "s3://", "s3://Upper", "s3://a_b", "http://example.com/x", "/var/poe", "s3:/x"] {
            assert!(StorageLocation::parse(Some(url), d).is_err(), "{url}");
        }
    }
}
