//! Reading an upload's multipart stream: the CSRF token first, then files streamed to temporary
//! files while hashed, and their descriptions. The number of parts, each text field and the whole
//! request are bounded, so no request can hold more memory or disk than the limits allow.

use super::super::state::AppState;
use crate::auth::tokens::same_secret;
use crate::domain::poe::UploadLimits;
use crate::domain::text;
use crate::storage::IncomingFile;
use actix_multipart::Multipart;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use tokio::io::AsyncWriteExt;

/// How much of each file's start is kept for judging its kind.
const HEAD_BYTES: usize = 8 * 1024;
/// The longest description of a file.
pub const DESCRIPTION_CHARS: usize = 300;

/// What an upload request carried: its files, and a description per file index.
pub struct Received {
    pub files: Vec<ReceivedFile>,
    pub descriptions: HashMap<String, String>,
}

/// One file as received: in its temporary file, hashed, with its first bytes for the judge.
pub struct ReceivedFile {
    pub index: String,
    pub name: String,
    pub incoming: IncomingFile,
    pub size: u64,
    pub sha256: String,
    pub head: Vec<u8>,
}

/// Why reading an upload stopped early.
pub enum Stop {
    Csrf,
    /// A limit was passed: the translation key of which.
    TooLarge(&'static str),
    Malformed,
    Io(std::io::Error),
}

/// Every byte of an upload request, whatever part it is in, counts against one budget: the claim's
/// room for files plus a little for the form's other fields. Past it, reading stops.
struct Budget {
    used: u64,
    max: u64,
}

impl Budget {
    fn take(&mut self, bytes: usize) -> Result<(), Stop> {
        self.used += bytes as u64;
        if self.used > self.max { Err(Stop::TooLarge("poe-request-too-large")) } else { Ok(()) }
    }
}

/// Parts a request may have besides its files: the token and one description per file.
const OTHER_PARTS: u64 = 4;

/// Reads the multipart stream. After a limit is passed the rest is read and discarded (up to a
/// bound), so the browser receives the explanation instead of a broken connection. The number of
/// parts, each text field and the whole request are bounded, so no request can hold more memory
/// or disk than the limits allow.
pub async fn receive(
    state: &AppState,
    expected_token: Option<&str>,
    mut payload: Multipart,
    limits: UploadLimits,
    existing_files: u64,
    existing_bytes: u64,
) -> Result<Received, Stop> {
    // A form from the pages must carry its CSRF token first; the API, called with a bearer token
    // and no cookie, carries none (`None`).
    let mut token_ok = expected_token.is_none();
    let expected_token = expected_token.unwrap_or_default().to_owned();
    let mut received = Received { files: Vec::new(), descriptions: HashMap::new() };
    let mut total = existing_bytes;
    let mut over: Option<&'static str> = None;
    let mut discarded: u64 = 0;
    // Files past the claim's limits are still read (and discarded) so the browser gets the page
    // that explains; twice the claim's room bounds that.
    let mut budget = Budget { used: 0, max: 2 * limits.max_claim_bytes + (1 << 20) };
    let max_parts = 2 * limits.max_files_per_claim + OTHER_PARTS;
    let mut parts: u64 = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| Stop::Malformed)?;
        parts += 1;
        if parts > max_parts {
            return Err(Stop::TooLarge("poe-too-many-parts"));
        }
        let name = field.name().unwrap_or_default().to_owned();
        if name == "csrf_token" {
            let value = read_text(&mut field, 256, &mut budget).await?;
            token_ok = same_secret(&value, &expected_token);
            continue;
        }
        if !token_ok {
            return Err(Stop::Csrf);
        }
        if let Some(index) = name.strip_prefix("description-") {
            let value = read_text(&mut field, DESCRIPTION_CHARS * 4, &mut budget).await?;
            // Their number is bounded by the number of parts.
            if index.len() > 8 {
                return Err(Stop::Malformed);
            }
            received.descriptions.insert(index.to_owned(), value);
            continue;
        }
        let Some(index) = name.strip_prefix("file-").map(str::to_owned) else {
            drain(&mut field, &mut discarded, &mut budget).await?;
            continue;
        };
        let original = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
        if original.is_empty() || over.is_some() {
            drain(&mut field, &mut discarded, &mut budget).await?;
            if discarded > 2 * limits.max_claim_bytes {
                break;
            }
            continue;
        }
        if existing_files + received.files.len() as u64 + 1 > limits.max_files_per_claim {
            over = Some("poe-too-many");
            drain(&mut field, &mut discarded, &mut budget).await?;
            continue;
        }
        match stream_file(state, &mut field, limits, &mut budget, &mut total).await? {
            Ok(mut file) => {
                file.index = index;
                file.name = display_name(&original);
                received.files.push(file);
            }
            Err(limit) => {
                over = Some(limit);
                drain(&mut field, &mut discarded, &mut budget).await?;
            }
        }
    }
    if !token_ok {
        return Err(Stop::Csrf);
    }
    match over {
        Some(key) => Err(Stop::TooLarge(key)),
        None => Ok(received),
    }
}

/// Streams one file into a temporary file while hashing it and keeping its first bytes; `Err`
/// inside names the limit it passed (the temporary file is then dropped).
async fn stream_file(
    state: &AppState,
    field: &mut actix_multipart::Field,
    limits: UploadLimits,
    budget: &mut Budget,
    total: &mut u64,
) -> Result<Result<ReceivedFile, &'static str>, Stop> {
    let mut incoming = state.poe.incoming_file().await.map_err(Stop::Io)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut size: u64 = 0;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| Stop::Malformed)?;
        budget.take(chunk.len())?;
        size += chunk.len() as u64;
        *total += chunk.len() as u64;
        if size > limits.max_file_bytes {
            return Ok(Err("poe-file-too-large"));
        }
        if *total > limits.max_claim_bytes {
            return Ok(Err("poe-claim-too-large"));
        }
        if head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
        incoming.file.write_all(&chunk).await.map_err(Stop::Io)?;
    }
    Ok(Ok(ReceivedFile { index: String::new(), name: String::new(), incoming, size, sha256: hex::encode(hasher.finalize()), head }))
}

/// The uploaded name made safe to show and to offer as a download name (never used as a path).
pub fn display_name(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or(original);
    // Shorten the stem, not the extension, which the type check reads.
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, extension)) if extension.len() <= 10 => (stem, Some(extension)),
        _ => (base, None),
    };
    // Invisible characters go: a right-to-left override would show `evil\u{202E}fdp.exe` as
    // `evilexe.pdf`.
    let stem: String = text::without_invisible(stem).chars().take(190).collect();
    let extension = extension.map(text::without_invisible);
    let shortened = match &extension {
        Some(extension) => format!("{stem}.{extension}"),
        None => stem,
    };
    let clean = sanitize_filename::sanitize(&shortened);
    if clean.is_empty() { "file".into() } else { clean }
}

async fn read_text(field: &mut actix_multipart::Field, max_bytes: usize, budget: &mut Budget) -> Result<String, Stop> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| Stop::Malformed)?;
        budget.take(chunk.len())?;
        if bytes.len() + chunk.len() > max_bytes {
            return Err(Stop::Malformed);
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| Stop::Malformed)
}

async fn drain(field: &mut actix_multipart::Field, discarded: &mut u64, budget: &mut Budget) -> Result<(), Stop> {
    while let Some(chunk) = field.next().await {
        let length = chunk.map_err(|_| Stop::Malformed)?.len();
        budget.take(length)?;
        *discarded += length as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn uploaded_names_are_made_harmless() {
        assert_eq!(display_name("C:\\Users\\ana\\PoE signed.pdf"), "PoE signed.pdf");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a<b>c|d?.pdf"), "abcd.pdf");
        assert_eq!(display_name("Ügyfél 고객.pdf"), "Ügyfél 고객.pdf");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe", "no override fakes an extension");
        assert_eq!(display_name("report.p\u{202E}df"), "report.pdf");
        let long = format!("{}.pdf", "x".repeat(300));
        assert!(display_name(&long).ends_with(".pdf") && display_name(&long).chars().count() <= 200);
    }
}
