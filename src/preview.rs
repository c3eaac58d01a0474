//! PoE previews: what a reviewer reads in the page instead of downloading. The stored file is
//! never shown on the portal's origin: a PDF's pages are rendered to PNG images by Poppler's
//! `pdftoppm` in a separate process with a time limit (it runs no JavaScript and the portal only
//! reads the images it writes), and an image is decoded with bounds and encoded again as a new
//! PNG. Renders are kept by the file's SHA-256 in `DATA_DIR/previews`, so each is made once.

use image::{ImageFormat, ImageReader};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The most pages of a PDF shown.
pub const MAX_PAGES: usize = 20;
/// How long rendering one PDF may take.
const RENDER_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest side of a preview, in pixels.
const MAX_SIDE: u32 = 1400;

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// This server has no `pdftoppm` (Debian's poppler-utils).
    #[error("pdftoppm is not installed")]
    Unavailable,
    /// The file could not be rendered (damaged, too large, too slow).
    #[error("the file could not be rendered: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub struct Previewer {
    root: PathBuf,
    pdftoppm: Option<PathBuf>,
}

impl Previewer {
    pub fn open(data_dir: &Path) -> std::io::Result<Previewer> {
        let root = data_dir.join("previews");
        std::fs::create_dir_all(&root)?;
        let pdftoppm =
            std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join("pdftoppm")).find(|p| p.is_file()));
        Ok(Previewer { root, pdftoppm })
    }

    /// The rendered pages of a file, if they were made before.
    pub fn kept(&self, sha256: &str) -> Option<Vec<PathBuf>> {
        let dir = self.root.join(sha256);
        let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        pages.sort_by_key(|p| page_number(p));
        (!pages.is_empty()).then_some(pages)
    }

    /// The pages of a PDF as PNG files (at most `MAX_PAGES`).
    pub async fn pdf_pages(&self, sha256: &str, pdf: &[u8]) -> Result<Vec<PathBuf>, PreviewError> {
        if let Some(pages) = self.kept(sha256) {
            return Ok(pages);
        }
        let pdftoppm = self.pdftoppm.as_ref().ok_or(PreviewError::Unavailable)?;
        let work = self.root.join(format!("{sha256}.{}.tmp", uuid::Uuid::new_v4().simple()));
        tokio::fs::create_dir_all(&work).await?;
        let input = work.join("input.pdf");
        tokio::fs::write(&input, pdf).await?;
        let output = work.join("pages");
        tokio::fs::create_dir_all(&output).await?;
        let run = tokio::process::Command::new(pdftoppm)
            .args(["-png", "-r", "72", "-scale-to", &MAX_SIDE.to_string(), "-l", &MAX_PAGES.to_string()])
            .arg(&input)
            .arg(output.join("page"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .output();
        let outcome = tokio::time::timeout(RENDER_TIMEOUT, run).await;
        let result = match outcome {
            Err(_) => Err(PreviewError::Unreadable("took too long".into())),
            Ok(Err(error)) => Err(error.into()),
            Ok(Ok(done)) if !done.status.success() => {
                Err(PreviewError::Unreadable(String::from_utf8_lossy(&done.stderr).chars().take(200).collect()))
            }
            Ok(Ok(_)) => {
                // Kept under the file's hash in one rename, so a half-written render is never read.
                let kept = self.root.join(sha256);
                match tokio::fs::rename(&output, &kept).await {
                    Ok(()) => Ok(()),
                    Err(_) if kept.is_dir() => Ok(()),
                    Err(error) => Err(error.into()),
                }
            }
        };
        let _ = tokio::fs::remove_dir_all(&work).await;
        result?;
        self.kept(sha256).ok_or_else(|| PreviewError::Unreadable("no page".into()))
    }

    /// An image (PNG or JPEG) decoded within bounds and encoded again as a PNG of at most
    /// `MAX_SIDE` pixels a side.
    pub async fn image(&self, sha256: &str, bytes: Vec<u8>, format: ImageFormat) -> Result<Vec<PathBuf>, PreviewError> {
        if let Some(pages) = self.kept(sha256) {
            return Ok(pages);
        }
        let png =
            tokio::task::spawn_blocking(move || reencode(&bytes, format)).await.map_err(|e| PreviewError::Unreadable(e.to_string()))??;
        let work = self.root.join(format!("{sha256}.{}.tmp", uuid::Uuid::new_v4().simple()));
        tokio::fs::create_dir_all(&work).await?;
        tokio::fs::write(work.join("page-1.png"), png).await?;
        let kept = self.root.join(sha256);
        if tokio::fs::rename(&work, &kept).await.is_err() {
            let _ = tokio::fs::remove_dir_all(&work).await;
        }
        self.kept(sha256).ok_or_else(|| PreviewError::Unreadable("no image".into()))
    }
}

/// Decodes with limits on size and memory, scales down, encodes a new PNG.
fn reencode(bytes: &[u8], format: ImageFormat) -> Result<Vec<u8>, PreviewError> {
    let unreadable = |e: image::ImageError| PreviewError::Unreadable(e.to_string());
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(unreadable)?.thumbnail(MAX_SIDE, MAX_SIDE);
    let mut png = Cursor::new(Vec::new());
    picture.write_to(&mut png, ImageFormat::Png).map_err(unreadable)?;
    Ok(png.into_inner())
}

/// `page-7.png` (or `page-07.png`) → 7.
fn page_number(path: &Path) -> usize {
    path.file_stem().and_then(|s| s.to_str()).and_then(|s| s.rsplit('-').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_sort_by_their_number() {
        assert_eq!(page_number(Path::new("/x/page-07.png")), 7);
        assert_eq!(page_number(Path::new("/x/page-12.png")), 12);
    }

    #[test]
    fn an_image_is_encoded_again_and_scaled_down() {
        let mut source = Cursor::new(Vec::new());
        image::RgbImage::from_pixel(3000, 1500, image::Rgb([200, 30, 30])).write_to(&mut source, ImageFormat::Jpeg).expect("jpeg");
        let png = reencode(source.get_ref(), ImageFormat::Jpeg).expect("re-encoded");
        let back = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("a png");
        assert_eq!((back.width(), back.height()), (MAX_SIDE, MAX_SIDE / 2));
        assert!(matches!(reencode(b"\\x89PNG not really", ImageFormat::Png), Err(PreviewError::Unreadable(_))));
    }
}
