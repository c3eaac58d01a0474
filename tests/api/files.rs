//! Sample documents of every accepted kind, and impostors, made in memory.

use std::io::Write;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("entry");
        writer.write_all(content).expect("write");
    }
    writer.finish().expect("zip").into_inner()
}

fn zip(entries: &[&str]) -> Vec<u8> {
    zip_with(&entries.iter().map(|n| (*n, b"<xml/>".as_slice())).collect::<Vec<_>>())
}

/// An Office file as Office writes it: `[Content_Types].xml` declares the main part.
fn office(main_part: &str, main_type: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{main_part}" ContentType="application/vnd.openxmlformats-officedocument.{main_type}.main+xml"/></Types>"#
    );
    let mut entries: Vec<(&str, &[u8])> =
        vec![("[Content_Types].xml", types.as_bytes()), ("_rels/.rels", b"<Relationships/>"), (main_part, b"<xml/>")];
    entries.extend_from_slice(extra);
    zip_with(&entries)
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
    bytes.extend([0u8; 32]);
    bytes
}

pub fn jpeg() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0];
    bytes.extend([0u8; 32]);
    bytes
}

pub fn docx() -> Vec<u8> {
    office("word/document.xml", "wordprocessingml.document", &[])
}

pub fn xlsx() -> Vec<u8> {
    office("xl/workbook.xml", "spreadsheetml.sheet", &[])
}

pub fn pptx() -> Vec<u8> {
    office("ppt/presentation.xml", "presentationml.presentation", &[])
}

/// A program packed with the parts of a Word document, named .docx.
pub fn docx_carrying_a_program() -> Vec<u8> {
    office("word/document.xml", "wordprocessingml.document", &[("invoice.exe", &exe())])
}

/// The names of a Word document's parts without the content types declaring them.
pub fn zip_shaped_like_docx() -> Vec<u8> {
    zip(&["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/payload.bin"])
}

pub fn plain_zip() -> Vec<u8> {
    zip(&["invoice.exe", "readme.txt"])
}

pub fn eml() -> Vec<u8> {
    b"From: Ana Lopez <ana@contoso.com>\r\nTo: ivan@fabrikam.test\r\nDate: Thu, 1 Oct 2026 10:00:00 +0000\r\nSubject: Signed PoE\r\n\r\nWe confirm Fabrikam deployed Teams.\r\n".to_vec()
}

fn compound_file(streams: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend([0u8; 504]);
    bytes.extend(streams.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes
}

pub fn msg() -> Vec<u8> {
    compound_file("__substg1.0_0037001F")
}

/// A Word 97 document: a compound file, but not an Outlook message.
pub fn old_word() -> Vec<u8> {
    compound_file("WordDocument")
}

pub fn exe() -> Vec<u8> {
    let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
    bytes.extend([0u8; 64]);
    bytes
}

pub fn html() -> Vec<u8> {
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>%PDF-1.7</body></html>".to_vec()
}

pub fn svg() -> Vec<u8> {
    b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".to_vec()
}
