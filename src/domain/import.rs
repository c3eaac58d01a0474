//! Importing associations from a spreadsheet: which column is which field (by the field's code or
//! its heading in any of the five languages), each row turned into the claim form's input and
//! judged by the form's own rules, every bad cell named. Pure: the caller reads the file and
//! supplies the headings and labels it accepts.

use super::claim_form::{ClaimFormInput, FieldErrors, FormContext, parse_claim_form};
use std::collections::{BTreeMap, HashMap};

/// The most rows an import takes (besides the heading row).
pub const MAX_ROWS: usize = 5000;
/// The largest file an import takes.
pub const MAX_FILE_BYTES: usize = 10 << 20;
/// The longest cell read; the form's own limits are smaller, so a longer one is reported.
pub const MAX_CELL_CHARS: usize = 8000;

/// The columns of the template, in order: the claim form's fields.
pub const COLUMNS: [&str; 21] = [
    "name",
    "mpn_id",
    "solution_area",
    "activity",
    "customer_name",
    "customer_domain",
    "tenant_id",
    "products",
    "subscriptions",
    "customer_contact_name",
    "customer_contact_title",
    "customer_contact_email",
    "customer_contact_locale",
    "technical_contact_name",
    "technical_contact_title",
    "technical_contact_email",
    "partner_contact_name",
    "partner_contact_email",
    "partner_solution",
    "engagement_date",
    "commentary",
];

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    TooManyRows,
    /// A heading that names no field (or a field twice).
    UnknownHeading,
    /// A required column is missing.
    MissingColumn,
}

impl FileProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            FileProblem::Empty => "import-empty",
            FileProblem::TooManyRows => "import-too-many-rows",
            FileProblem::UnknownHeading => "import-unknown-heading",
            FileProblem::MissingColumn => "import-missing-column",
        }
    }
}

/// What the caller accepts besides codes: every heading (lower case) of each column, and every
/// label (lower case) of each solution area, activity and language, in all five languages.
#[derive(Debug, Default)]
pub struct Names {
    pub headings: HashMap<String, &'static str>,
    pub values: HashMap<String, String>,
}

/// A cell's text compared with headings and labels: trimmed, lower case, a trailing `*` (the
/// template's mark of a required column) and `(…)` ignored.
fn folded(text: &str) -> String {
    let text = text.trim().trim_end_matches('*').trim();
    let text = match (text.ends_with(')'), text.rfind(" (")) {
        (true, Some(at)) => &text[..at],
        _ => text,
    };
    text.to_lowercase()
}

/// Which field each column holds, from the heading row.
pub fn columns(headings: &[String], names: &Names) -> Result<Vec<Option<&'static str>>, FileProblem> {
    let mut seen = Vec::new();
    let mut columns = Vec::with_capacity(headings.len());
    for heading in headings {
        let key = folded(heading);
        if key.is_empty() {
            columns.push(None);
            continue;
        }
        let field = COLUMNS.iter().copied().find(|c| *c == key).or_else(|| names.headings.get(&key).copied());
        match field {
            Some(field) if !seen.contains(&field) => {
                seen.push(field);
                columns.push(Some(field));
            }
            _ => return Err(FileProblem::UnknownHeading),
        }
    }
    if seen.is_empty() {
        return Err(FileProblem::Empty);
    }
    if !["name", "customer_name", "products"].iter().all(|required| seen.contains(required)) {
        return Err(FileProblem::MissingColumn);
    }
    Ok(columns)
}

/// A code given as a code or as its label in any language.
fn code_of(cell: &str, names: &Names) -> String {
    names.values.get(&folded(cell)).cloned().unwrap_or_else(|| cell.trim().to_owned())
}

/// A row's cells as the claim form's input. Products are codes or catalogue names separated by
/// `;` or `,`; subscriptions are `product=GUID` pairs separated the same way.
pub fn row_input(
    cells: &[String],
    columns: &[Option<&'static str>],
    names: &Names,
    ctx: &FormContext<'_>,
    default_locale: &str,
) -> ClaimFormInput {
    let mut input = ClaimFormInput::default();
    for (cell, column) in cells.iter().zip(columns) {
        let Some(field) = column else { continue };
        let cell: String = cell.chars().take(MAX_CELL_CHARS + 1).collect();
        match *field {
            "products" => {
                input.products = cell
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        ctx.catalogue
                            .iter()
                            .find(|c| c.code.eq_ignore_ascii_case(p) || c.name.to_lowercase() == p.to_lowercase())
                            .map_or_else(|| p.to_owned(), |c| c.code.clone())
                    })
                    .collect();
            }
            "subscriptions" => {
                input.subscriptions = cell
                    .split([';', ','])
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(code, guid)| (code.trim().to_owned(), guid.trim().to_owned()))
                    .collect::<BTreeMap<_, _>>();
            }
            "solution_area" | "activity" | "customer_contact_locale" => {
                if let Some(slot) = input.text_field_mut(field) {
                    *slot = code_of(&cell, names);
                }
            }
            other => {
                if let Some(slot) = input.text_field_mut(other) {
                    *slot = cell;
                }
            }
        }
    }
    if input.customer_contact_locale.is_empty() {
        input.customer_contact_locale = default_locale.to_owned();
    }
    input
}

/// A row is blank when every cell is.
pub fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Judges a row by the form's rules.
pub fn check_row(
    cells: &[String],
    columns: &[Option<&'static str>],
    names: &Names,
    ctx: &FormContext<'_>,
    default_locale: &str,
) -> Result<super::claim_form::ClaimDraft, FieldErrors> {
    let input = row_input(cells, columns, names, ctx, default_locale);
    parse_claim_form(&input, ctx)
}

#[cfg(test)]
mod tests;
