//! Proof of Execution documents: which files are accepted, judged by their content (never by the
//! name or the type the browser declares), and the self-check a partner confirms before submitting.

/// The kinds of PoE document the portal accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoeKind {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
    Eml,
    Msg,
}

impl PoeKind {
    pub const ALL: [PoeKind; 8] =
        [PoeKind::Pdf, PoeKind::Docx, PoeKind::Xlsx, PoeKind::Pptx, PoeKind::Png, PoeKind::Jpeg, PoeKind::Eml, PoeKind::Msg];

    pub fn as_str(self) -> &'static str {
        match self {
            PoeKind::Pdf => "pdf",
            PoeKind::Docx => "docx",
            PoeKind::Xlsx => "xlsx",
            PoeKind::Pptx => "pptx",
            PoeKind::Png => "png",
            PoeKind::Jpeg => "jpeg",
            PoeKind::Eml => "eml",
            PoeKind::Msg => "msg",
        }
    }

    pub fn parse(s: &str) -> Option<PoeKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The file name extensions that may carry this kind.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            PoeKind::Pdf => &["pdf"],
            PoeKind::Docx => &["docx"],
            PoeKind::Xlsx => &["xlsx"],
            PoeKind::Pptx => &["pptx"],
            PoeKind::Png => &["png"],
            PoeKind::Jpeg => &["jpg", "jpeg"],
            PoeKind::Eml => &["eml"],
            PoeKind::Msg => &["msg"],
        }
    }

    /// The media type sent with a download.
    pub fn content_type(self) -> &'static str {
        match self {
            PoeKind::Pdf => "application/pdf",
            PoeKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            PoeKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            PoeKind::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            PoeKind::Png => "image/png",
            PoeKind::Jpeg => "image/jpeg",
            PoeKind::Eml => "message/rfc822",
            PoeKind::Msg => "application/vnd.ms-outlook",
        }
    }

    /// The translation key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            PoeKind::Pdf => "poe-kind-pdf",
            PoeKind::Docx => "poe-kind-docx",
            PoeKind::Xlsx => "poe-kind-xlsx",
            PoeKind::Pptx => "poe-kind-pptx",
            PoeKind::Png => "poe-kind-png",
            PoeKind::Jpeg => "poe-kind-jpeg",
            PoeKind::Eml => "poe-kind-eml",
            PoeKind::Msg => "poe-kind-msg",
        }
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Empty,
    Kind(PoeKind),
    /// A zip archive: an Office file if its entries say so, else a refused archive.
    Zip,
    /// An OLE compound file: an Outlook message if its streams say so, else refused.
    CompoundFile,
    Other,
}

/// Judges the first bytes of a file (a few kilobytes are enough).
pub fn sniff(head: &[u8]) -> Content {
    if head.is_empty() {
        Content::Empty
    } else if head.starts_with(b"%PDF-") {
        Content::Kind(PoeKind::Pdf)
    } else if infer::image::is_png(head) {
        Content::Kind(PoeKind::Png)
    } else if infer::image::is_jpeg(head) {
        Content::Kind(PoeKind::Jpeg)
    } else if infer::archive::is_zip(head) {
        Content::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::CompoundFile
    } else if looks_like_email(head) {
        Content::Kind(PoeKind::Eml)
    } else {
        Content::Other
    }
}

/// An Office Open XML file by the entries of its zip: a content-types part and the folder of
/// the application. Anything else in a zip is an archive, which is refused.
pub fn office_kind<'a>(entries: impl IntoIterator<Item = &'a str>) -> Option<PoeKind> {
    let (mut content_types, mut word, mut excel, mut powerpoint) = (false, false, false, false);
    for name in entries {
        content_types |= name == "[Content_Types].xml";
        word |= name.starts_with("word/");
        excel |= name.starts_with("xl/");
        powerpoint |= name.starts_with("ppt/");
    }
    match (content_types, word, excel, powerpoint) {
        (true, true, false, false) => Some(PoeKind::Docx),
        (true, false, true, false) => Some(PoeKind::Xlsx),
        (true, false, false, true) => Some(PoeKind::Pptx),
        _ => None,
    }
}

/// Whether an OLE compound file is an Outlook message: its property streams are named
/// `__substg1.0_...` (in UTF-16 in the directory).
pub fn is_outlook_message(file: &[u8]) -> bool {
    let marker: Vec<u8> = "__substg1.0_".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    file.windows(marker.len()).any(|w| w == marker.as_slice())
}

/// A saved e-mail (RFC 5322): text that opens with header lines, among them at least two of the
/// headers every message has.
fn looks_like_email(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    let text = String::from_utf8_lossy(head);
    let mut known = 0;
    for line in text.lines().take(60) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else { return false };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if ["from", "to", "date", "subject", "message-id", "received", "mime-version", "return-path"].contains(&name.as_str()) {
            known += 1;
        }
    }
    known >= 2
}

/// Why a file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// Not one of the accepted kinds (an executable, HTML, SVG, an archive, ...).
    NotAccepted,
    /// The content is an accepted kind but the name's extension says otherwise.
    ExtensionMismatch(PoeKind),
}

impl Refusal {
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::Empty => "poe-refused-empty",
            Refusal::NotAccepted => "poe-refused-type",
            Refusal::ExtensionMismatch(_) => "poe-refused-extension",
        }
    }
}

/// The final word on a file: its content's kind, which the name's extension must agree with.
pub fn judge(file_name: &str, content: Option<PoeKind>, empty: bool) -> Result<PoeKind, Refusal> {
    if empty {
        return Err(Refusal::Empty);
    }
    let kind = content.ok_or(Refusal::NotAccepted)?;
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if kind.extensions().contains(&extension.as_str()) { Ok(kind) } else { Err(Refusal::ExtensionMismatch(kind)) }
}

/// The five reasons reviewers ask for more information, as the checklist a partner confirms
/// before submitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfCheckItem {
    CustomerSignature,
    DatesRecent,
    PartnerSolution,
    ProductsNamed,
    BelongsToCustomer,
}

impl SelfCheckItem {
    pub const ALL: [SelfCheckItem; 5] = [
        SelfCheckItem::CustomerSignature,
        SelfCheckItem::DatesRecent,
        SelfCheckItem::PartnerSolution,
        SelfCheckItem::ProductsNamed,
        SelfCheckItem::BelongsToCustomer,
    ];

    /// The form field and stored column name.
    pub fn as_str(self) -> &'static str {
        match self {
            SelfCheckItem::CustomerSignature => "customer_signature",
            SelfCheckItem::DatesRecent => "dates_recent",
            SelfCheckItem::PartnerSolution => "partner_solution",
            SelfCheckItem::ProductsNamed => "products_named",
            SelfCheckItem::BelongsToCustomer => "belongs_to_customer",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            SelfCheckItem::CustomerSignature => "self-check-customer-signature",
            SelfCheckItem::DatesRecent => "self-check-dates-recent",
            SelfCheckItem::PartnerSolution => "self-check-partner-solution",
            SelfCheckItem::ProductsNamed => "self-check-products-named",
            SelfCheckItem::BelongsToCustomer => "self-check-belongs-to-customer",
        }
    }
}

/// Limits on what a claim's PoE may add up to; all configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_file_bytes: u64,
    pub max_files_per_claim: u64,
    pub max_claim_bytes: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits { max_file_bytes: 25 << 20, max_files_per_claim: 10, max_claim_bytes: 100 << 20 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_kind() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Content::Kind(PoeKind::Pdf));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), Content::Kind(PoeKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Content::Kind(PoeKind::Jpeg));
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), Content::CompoundFile);
        assert_eq!(sniff(b"From: ana@contoso.com\r\nTo: ben@fabrikam.example\r\nSubject: PoE\r\n\r\nSigned."), Content::Kind(PoeKind::Eml));
        assert_eq!(sniff(b""), Content::Empty);
    }

    #[test]
    fn look_alikes_are_other() {
        for bad in [
            &b"MZ\x90\x00\x03\x00"[..],
            b"\x7fELF\x02\x01",
            b"<!DOCTYPE html><html><body>%PDF-1.7</body></html>",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
            b"Just some notes: nothing more",
            b"Subject: only one header\n\nbody",
            b"#!/bin/sh\nrm -rf /",
        ] {
            assert_eq!(sniff(bad), Content::Other, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn office_files_are_told_apart_from_archives() {
        assert_eq!(office_kind(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), Some(PoeKind::Docx));
        assert_eq!(office_kind(["[Content_Types].xml", "xl/workbook.xml"]), Some(PoeKind::Xlsx));
        assert_eq!(office_kind(["[Content_Types].xml", "ppt/presentation.xml"]), Some(PoeKind::Pptx));
        assert_eq!(office_kind(["word/document.xml"]), None, "no content types: a plain archive");
        assert_eq!(office_kind(["[Content_Types].xml", "word/a.xml", "xl/b.xml"]), None, "ambiguous");
        assert_eq!(office_kind(["invoice.exe"]), None);
    }

    #[test]
    fn outlook_messages_are_recognised_by_their_streams() {
        let mut file = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        file.extend("__substg1.0_0037001F".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(is_outlook_message(&file));
        assert!(!is_outlook_message(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]));
    }

    #[test]
    fn the_extension_must_agree_with_the_content() {
        assert_eq!(judge("PoE.PDF", Some(PoeKind::Pdf), false), Ok(PoeKind::Pdf));
        assert_eq!(judge("scan.jpeg", Some(PoeKind::Jpeg), false), Ok(PoeKind::Jpeg));
        assert_eq!(judge("scan.jpg", Some(PoeKind::Jpeg), false), Ok(PoeKind::Jpeg));
        assert_eq!(judge("scan.png", Some(PoeKind::Jpeg), false), Err(Refusal::ExtensionMismatch(PoeKind::Jpeg)));
        assert_eq!(judge("report.pdf", None, false), Err(Refusal::NotAccepted));
        assert_eq!(judge("noextension", Some(PoeKind::Pdf), false), Err(Refusal::ExtensionMismatch(PoeKind::Pdf)));
        assert_eq!(judge("empty.pdf", None, true), Err(Refusal::Empty));
    }
}
