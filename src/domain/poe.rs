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

    /// Whether a file of this kind can be read in the page (**Preview**): PDFs and images.
    pub fn previewable(self) -> bool {
        matches!(self, PoeKind::Pdf | PoeKind::Png | PoeKind::Jpeg)
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

/// The most entries a zip may have to be judged an Office file.
pub const MAX_ZIP_ENTRIES: usize = 5000;
/// How much of `[Content_Types].xml` is read.
pub const MAX_CONTENT_TYPES_BYTES: usize = 256 * 1024;

/// One entry of a zip as the judge needs it: its name and its first bytes.
pub struct ZipEntry {
    pub name: String,
    pub head: Vec<u8>,
}

/// The main part's content type of each Office kind (macro-enabled ones differ, and are refused).
const MAIN_PARTS: [(PoeKind, &str, &str); 3] = [
    (PoeKind::Docx, "word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    (PoeKind::Xlsx, "xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    (PoeKind::Pptx, "ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
];

/// Names and magic numbers of programs, which no document of ours carries.
const EXECUTABLE_EXTENSIONS: [&str; 22] = [
    "exe", "dll", "com", "scr", "pif", "cpl", "msi", "msp", "bat", "cmd", "ps1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "jar",
    "sh", "lnk", "app",
];

fn is_executable(entry: &ZipEntry) -> bool {
    let extension = entry.name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    EXECUTABLE_EXTENSIONS.contains(&extension.as_str())
        || entry.head.starts_with(b"MZ")
        || entry.head.starts_with(b"\x7fELF")
        || entry.head.starts_with(b"#!")
        || [[0xCF, 0xFA, 0xED, 0xFE], [0xCE, 0xFA, 0xED, 0xFE], [0xCA, 0xFE, 0xBA, 0xBE]].iter().any(|m| entry.head.starts_with(m))
}

/// The `(name, value)` attributes of each `<tag ...>` element of a small XML document.
fn elements<'a>(xml: &'a str, tag: &'a str) -> impl Iterator<Item = Vec<(&'a str, &'a str)>> + 'a {
    xml.split('<').filter_map(move |chunk| {
        let rest = chunk.strip_prefix(tag)?;
        if !rest.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
            return None;
        }
        let body = rest.split('>').next().unwrap_or("");
        let mut attributes = Vec::new();
        let mut remaining = body;
        while let Some((name, after)) = remaining.split_once('=') {
            let after = after.trim_start();
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let (value, next) = after[1..].split_once(quote)?;
            attributes.push((name.trim(), value));
            remaining = next;
        }
        Some(attributes)
    })
}

/// An Office Open XML file judged by the parts its `[Content_Types].xml` declares: the main part
/// of exactly one application, present in the zip, and every other entry declared by a default
/// or an override. A zip with an undeclared part, with a program inside, or without the content
/// types is an archive, and refused.
pub fn office_kind(entries: &[ZipEntry], content_types: Option<&str>) -> Option<PoeKind> {
    let content_types = content_types?;
    if entries.len() > MAX_ZIP_ENTRIES || entries.iter().any(is_executable) {
        return None;
    }
    let attribute = |attrs: &[(&str, &str)], name: &str| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string());
    let defaults: Vec<String> =
        elements(content_types, "Default").filter_map(|a| attribute(&a, "Extension")).map(|e| e.to_ascii_lowercase()).collect();
    let overrides: Vec<(String, String)> = elements(content_types, "Override")
        .filter_map(|a| Some((attribute(&a, "PartName")?.trim_start_matches('/').to_ascii_lowercase(), attribute(&a, "ContentType")?)))
        .collect();
    let parts: Vec<String> = entries.iter().filter(|e| !e.name.ends_with('/')).map(|e| e.name.to_ascii_lowercase()).collect();
    let declared = |part: &String| {
        part == "[content_types].xml"
            || overrides.iter().any(|(name, _)| name == part)
            || part.rsplit_once('.').is_some_and(|(_, extension)| defaults.iter().any(|d| d == extension))
    };
    if !parts.iter().all(declared) {
        return None;
    }
    let mut kinds = MAIN_PARTS.iter().filter(|(_, folder, main_type)| {
        overrides.iter().any(|(name, content_type)| content_type == main_type && name.starts_with(folder) && parts.contains(name))
    });
    match (kinds.next(), kinds.next()) {
        (Some((kind, _, _)), None) => Some(*kind),
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

    fn entries(names: &[&str]) -> Vec<ZipEntry> {
        names.iter().map(|n| ZipEntry { name: n.to_string(), head: b"<?xml".to_vec() }).collect()
    }

    fn types(main: &[(&str, &str)]) -> String {
        let overrides: String = main.iter().map(|(part, t)| format!(r#"<Override PartName="/{part}" ContentType="{t}"/>"#)).collect();
        format!(
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#
        )
    }

    const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    const EXCEL: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    #[test]
    fn office_files_are_judged_by_their_declared_parts() {
        let docx = types(&[("word/document.xml", WORD)]);
        let names = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/"];
        assert_eq!(office_kind(&entries(&names), Some(&docx)), Some(PoeKind::Docx));
        let xlsx = types(&[("xl/workbook.xml", EXCEL)]);
        assert_eq!(office_kind(&entries(&["[Content_Types].xml", "xl/workbook.xml"]), Some(&xlsx)), Some(PoeKind::Xlsx));
        assert_eq!(office_kind(&entries(&["word/document.xml"]), None), None, "no content types: a plain archive");
        assert_eq!(office_kind(&entries(&["[Content_Types].xml", "word/document.xml"]), Some("<xml/>")), None, "no main part declared");
        let both = types(&[("word/document.xml", WORD), ("xl/workbook.xml", EXCEL)]);
        assert_eq!(office_kind(&entries(&["[Content_Types].xml", "word/document.xml", "xl/workbook.xml"]), Some(&both)), None, "ambiguous");
        let macro_enabled = types(&[("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")]);
        assert_eq!(office_kind(&entries(&["[Content_Types].xml", "word/document.xml"]), Some(&macro_enabled)), None);
        assert_eq!(office_kind(&entries(&["[Content_Types].xml"]), Some(&docx)), None, "the declared main part is missing");
    }

    #[test]
    fn archives_with_programs_or_undeclared_parts_are_refused() {
        let docx = types(&[("word/document.xml", WORD)]);
        let with = |extra: &str| entries(&["[Content_Types].xml", "word/document.xml", extra]);
        assert_eq!(office_kind(&with("invoice.exe"), Some(&docx)), None, "a program");
        assert_eq!(office_kind(&with("word/media/notes.bin"), Some(&docx)), None, "an undeclared part");
        let mut disguised = with("word/media/image1.xml");
        disguised[2].head = b"MZ\x90\x00".to_vec();
        assert_eq!(office_kind(&disguised, Some(&docx)), None, "a program under a harmless name");
        let declared_exe = docx.replace("</Types>", r#"<Default Extension="exe" ContentType="application/octet-stream"/></Types>"#);
        assert_eq!(office_kind(&with("run.exe"), Some(&declared_exe)), None, "declaring a program does not make it a document");
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
