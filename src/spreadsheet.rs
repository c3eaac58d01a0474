//! The import's spreadsheets: reading CSV (comma, semicolon or tab separated, UTF-8 with or
//! without a byte order mark, as Excel saves it in every language) and .xlsx (the first sheet,
//! with `calamine`), and writing the template (`rust_xlsxwriter` for .xlsx). Reading is bounded:
//! the file's size, an .xlsx's unpacked size and entries, and the number of rows.

use crate::domain::import::{MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS};
use std::io::Cursor;

/// What an .xlsx may unpack to, at most (a zip bomb is refused before it is read).
const MAX_UNPACKED_BYTES: u64 = 100 << 20;
const MAX_ENTRIES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetError {
    /// Neither a CSV file in UTF-8 nor an .xlsx workbook.
    Unreadable,
    TooLarge,
    TooManyRows,
}

impl SheetError {
    pub fn message_key(self) -> &'static str {
        match self {
            SheetError::Unreadable => "import-unreadable",
            SheetError::TooLarge => "import-too-large",
            SheetError::TooManyRows => "import-too-many-rows",
        }
    }
}

/// The rows of a spreadsheet (the heading row first), each cell as text.
pub fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge);
    }
    if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes) } else { read_csv(bytes) }
}

fn cell(text: &str) -> String {
    text.chars().take(MAX_CELL_CHARS + 1).collect()
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|_| SheetError::Unreadable)?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| SheetError::Unreadable)?;
        rows.push(record.iter().map(cell).collect::<Vec<_>>());
        if rows.len() > MAX_ROWS + 1 {
            return Err(SheetError::TooManyRows);
        }
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    use calamine::{Data, Reader, Xlsx};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    if archive.len() > MAX_ENTRIES {
        return Err(SheetError::TooLarge);
    }
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        unpacked += archive.by_index_raw(index).map_err(|_| SheetError::Unreadable)?.size();
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(SheetError::TooLarge);
    }
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let range = workbook.worksheet_range_at(0).ok_or(SheetError::Unreadable)?.map_err(|_| SheetError::Unreadable)?;
    if range.height() > MAX_ROWS + 1 + 1000 {
        return Err(SheetError::TooManyRows);
    }
    let mut rows = Vec::new();
    for row in range.rows() {
        rows.push(
            row.iter()
                .map(|value| match value {
                    Data::Empty => String::new(),
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => cell(s),
                    Data::Int(i) => i.to_string(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::Bool(b) => b.to_string(),
                    Data::DateTime(d) => d.as_datetime().map(|t| t.date().format("%Y-%m-%d").to_string()).unwrap_or_default(),
                    Data::Error(_) => String::new(),
                })
                .collect::<Vec<_>>(),
        );
    }
    while rows.last().is_some_and(|r| r.iter().all(|c| c.trim().is_empty())) {
        rows.pop();
    }
    if rows.len() > MAX_ROWS + 1 {
        return Err(SheetError::TooManyRows);
    }
    Ok(rows)
}

/// A CSV file of `rows` (the first is the heading row), as Excel opens it: UTF-8 with a byte order
/// mark; every cell defused against formulas.
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| crate::web::export::formula_safe(c)));
    }
    writer.into_inner().unwrap_or_default()
}

/// The .xlsx template: the heading row in bold, frozen, every column text.
pub fn xlsx_template(headings: &[String]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    for (column, heading) in headings.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, heading, &bold)?;
        sheet.set_column_width(column, (heading.chars().count() as f64 + 4.0).max(14.0))?;
        sheet.set_column_format(column, &text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_any_separator_with_or_without_a_byte_order_mark() {
        for file in [
            "name,customer_name\nA,\"Contoso, Ltd\"\n",
            "\u{feff}name;customer_name\nA;Contoso, Ltd\n",
            "name\tcustomer_name\nA\tContoso, Ltd\n",
        ] {
            let rows = read(file.as_bytes()).expect(file);
            assert_eq!(rows, vec![vec!["name", "customer_name"], vec!["A", "Contoso, Ltd"]], "{file}");
        }
        assert_eq!(read(b"\xff\xfe not utf-8"), Err(SheetError::Unreadable));
    }

    #[test]
    fn limits_are_kept() {
        let many = format!("name\n{}", "x\n".repeat(MAX_ROWS + 1));
        assert_eq!(read(many.as_bytes()), Err(SheetError::TooManyRows));
        assert_eq!(read(&vec![b'a'; MAX_FILE_BYTES + 1]), Err(SheetError::TooLarge));
    }

    #[test]
    fn the_xlsx_template_reads_back() {
        let headings = vec!["Name".to_string(), "Kundenname".to_string()];
        let bytes = xlsx_template(&headings).expect("written");
        assert_eq!(read(&bytes).expect("read"), vec![headings]);
        let csv = csv(&[vec!["=1+1".into(), "x".into()]]);
        assert_eq!(read(&csv).expect("read"), vec![vec!["'=1+1".to_string(), "x".to_string()]]);
    }
}
