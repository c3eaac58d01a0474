//! The "Create association" form: raw input as typed, parsed into a `ClaimDraft` or a list of
//! errors, one per bad field, so the page can show each beside its field with the input kept.

use super::claim::{Activity, Program, SolutionArea};
use super::contact::{DomainName, EmailAddress};
use super::guid::Guid;
use super::text::{self, Lines};
use chrono::NaiveDate;
use std::collections::BTreeMap;

const SHORT_TEXT: usize = 200;
const LONG_TEXT: usize = text::LONG_TEXT_CHARS;

/// The form as the browser sent it. Every field is kept verbatim for re-display.
#[derive(Debug, Clone, Default)]
pub struct ClaimFormInput {
    pub name: String,
    pub mpn_id: String,
    pub solution_area: String,
    pub activity: String,
    pub customer_name: String,
    pub customer_domain: String,
    pub tenant_id: String,
    /// Product codes ticked.
    pub products: Vec<String>,
    /// Subscription ID typed beside a Business Applications product, by product code.
    pub subscriptions: BTreeMap<String, String>,
    pub customer_contact_name: String,
    pub customer_contact_title: String,
    pub customer_contact_email: String,
    /// The customer contact's language, a tag of the five (`en`, `de`, ...); empty means English.
    pub customer_contact_locale: String,
    pub technical_contact_name: String,
    pub technical_contact_title: String,
    pub technical_contact_email: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub partner_solution: String,
    pub engagement_date: String,
    pub commentary: String,
}

impl ClaimFormInput {
    /// Builds the input from urlencoded pairs; repeated `product` keys collect, `subscription:CODE`
    /// keys carry subscription IDs, unknown keys are ignored.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> ClaimFormInput {
        let mut input = ClaimFormInput::default();
        for (key, value) in pairs {
            if let Some(code) = key.strip_prefix("subscription:") {
                input.subscriptions.insert(code.to_owned(), value);
            } else if key == "product" {
                input.products.push(value);
            } else if let Some(slot) = input.text_field_mut(&key) {
                *slot = value;
            }
        }
        input
    }

    /// The text field of this name, if the form has one.
    pub fn text_field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "name" => &mut self.name,
            "mpn_id" => &mut self.mpn_id,
            "solution_area" => &mut self.solution_area,
            "activity" => &mut self.activity,
            "customer_name" => &mut self.customer_name,
            "customer_domain" => &mut self.customer_domain,
            "tenant_id" => &mut self.tenant_id,
            "customer_contact_name" => &mut self.customer_contact_name,
            "customer_contact_title" => &mut self.customer_contact_title,
            "customer_contact_email" => &mut self.customer_contact_email,
            "customer_contact_locale" => &mut self.customer_contact_locale,
            "technical_contact_name" => &mut self.technical_contact_name,
            "technical_contact_title" => &mut self.technical_contact_title,
            "technical_contact_email" => &mut self.technical_contact_email,
            "partner_contact_name" => &mut self.partner_contact_name,
            "partner_contact_email" => &mut self.partner_contact_email,
            "partner_solution" => &mut self.partner_solution,
            "engagement_date" => &mut self.engagement_date,
            "commentary" => &mut self.commentary,
            _ => return None,
        })
    }
}

/// A product of the catalogue, as validation needs it.
#[derive(Debug, Clone)]
pub struct CatalogueProduct {
    pub code: String,
    pub name: String,
    pub solution_area: SolutionArea,
}

/// What a valid form may refer to: the org's MPN IDs, the catalogue, and today's date.
pub struct FormContext<'a> {
    pub mpn_ids: &'a [String],
    pub catalogue: &'a [CatalogueProduct],
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub title: String,
    pub email: EmailAddress,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedProduct {
    pub code: String,
    pub name: String,
    pub subscription_id: Option<Guid>,
}

/// A claim's fields, every one valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimDraft {
    pub name: String,
    pub mpn_id: String,
    pub solution_area: SolutionArea,
    pub activity: Activity,
    pub program: Program,
    pub customer_name: String,
    pub customer_domain: DomainName,
    pub tenant_id: Guid,
    pub products: Vec<ClaimedProduct>,
    pub customer_contact: Contact,
    /// The language the consent e-mail and page speak to the customer contact.
    pub customer_contact_locale: &'static str,
    pub technical_contact: Option<Contact>,
    pub partner_contact_name: String,
    pub partner_contact_email: EmailAddress,
    pub partner_solution: String,
    pub engagement_date: NaiveDate,
    pub commentary: String,
}

impl ClaimDraft {
    /// The products as one line, for the dashboard, sorting and export.
    pub fn products_label(&self) -> String {
        self.products.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// One bad field: the form field's name and the translation key of what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message_key: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message_key: &'static str) {
        self.0.push(FieldError { field, message_key });
    }

    /// The message key for a field, if it is bad.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message_key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses the form: every field is checked, so all errors show at once.
pub fn parse_claim_form(input: &ClaimFormInput, ctx: &FormContext<'_>) -> Result<ClaimDraft, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = text(&mut errors, "name", &input.name, SHORT_TEXT);
    let mpn_id = mpn(&mut errors, input, ctx);
    let (solution_area, activity) = area_and_activity(&mut errors, input);
    let customer_name = text(&mut errors, "customer_name", &input.customer_name, SHORT_TEXT);
    let customer_domain = parsed(&mut errors, "customer_domain", &input.customer_domain, "error-domain", DomainName::parse);
    let tenant_id = parsed(&mut errors, "tenant_id", &input.tenant_id, "error-guid", Guid::parse);
    let products = products(&mut errors, input, ctx.catalogue, solution_area);
    let customer_contact = contact(
        &mut errors,
        ["customer_contact_name", "customer_contact_title", "customer_contact_email"],
        [&input.customer_contact_name, &input.customer_contact_title, &input.customer_contact_email],
    );
    let customer_contact_locale = language(&mut errors, input);
    let technical_contact = match solution_area {
        Some(area) if area.needs_technical_contact() => contact(
            &mut errors,
            ["technical_contact_name", "technical_contact_title", "technical_contact_email"],
            [&input.technical_contact_name, &input.technical_contact_title, &input.technical_contact_email],
        ),
        _ => None,
    };
    let partner_contact_name = text(&mut errors, "partner_contact_name", &input.partner_contact_name, SHORT_TEXT);
    let partner_contact_email =
        parsed(&mut errors, "partner_contact_email", &input.partner_contact_email, "error-email", EmailAddress::parse);
    let partner_solution = text(&mut errors, "partner_solution", &input.partner_solution, LONG_TEXT);
    let engagement_date = engagement_date(&mut errors, input, ctx.today);
    let commentary = text::optional(&input.commentary, LONG_TEXT, Lines::Many)
        .map_err(|problem| errors.add("commentary", problem.message_key()))
        .unwrap_or_default();
    let technical_ok = technical_contact.is_some() || !solution_area.is_some_and(|a| a.needs_technical_contact());
    if !errors.is_empty() || !technical_ok {
        return Err(errors);
    }
    let (Some(name), Some(solution_area), Some(activity), Some(customer_name), Some(customer_domain), Some(tenant_id), Some(products)) =
        (name, solution_area, activity, customer_name, customer_domain, tenant_id, products)
    else {
        return Err(errors);
    };
    let (Some(customer_contact), Some(customer_contact_locale), Some(partner_contact_name), Some(partner_contact_email)) =
        (customer_contact, customer_contact_locale, partner_contact_name, partner_contact_email)
    else {
        return Err(errors);
    };
    let (Some(partner_solution), Some(engagement_date)) = (partner_solution, engagement_date) else { return Err(errors) };
    Ok(ClaimDraft {
        name,
        mpn_id,
        solution_area,
        activity,
        program: Program::for_activity(solution_area, activity).ok_or_else(FieldErrors::default)?,
        customer_name,
        customer_domain,
        tenant_id,
        products,
        customer_contact,
        customer_contact_locale,
        technical_contact,
        partner_contact_name,
        partner_contact_email,
        partner_solution,
        engagement_date,
        commentary,
    })
}

/// One of the org's MPN IDs.
fn mpn(errors: &mut FieldErrors, input: &ClaimFormInput, ctx: &FormContext<'_>) -> String {
    let mpn_id = input.mpn_id.trim().to_owned();
    if mpn_id.is_empty() {
        errors.add("mpn_id", "error-required");
    } else if !ctx.mpn_ids.contains(&mpn_id) {
        errors.add("mpn_id", "error-mpn-unknown");
    }
    mpn_id
}

/// The solution area, and an activity that exists in it.
fn area_and_activity(errors: &mut FieldErrors, input: &ClaimFormInput) -> (Option<SolutionArea>, Option<Activity>) {
    let solution_area = SolutionArea::parse(input.solution_area.trim());
    if solution_area.is_none() {
        errors.add("solution_area", "error-choose-one");
    }
    let activity = match (Activity::parse(input.activity.trim()), solution_area) {
        (None, _) => {
            errors.add("activity", "error-choose-one");
            None
        }
        (Some(activity), Some(area)) if !area.activities().contains(&activity) => {
            errors.add("activity", "error-activity-mismatch");
            None
        }
        (activity, _) => activity,
    };
    (solution_area, activity)
}

/// The customer contact's language: one of the five, English when not given.
fn language(errors: &mut FieldErrors, input: &ClaimFormInput) -> Option<&'static str> {
    match input.customer_contact_locale.trim() {
        "" => Some("en"),
        tag => {
            let found = crate::i18n::SUPPORTED.iter().map(|(t, _)| *t).find(|t| *t == tag);
            if found.is_none() {
                errors.add("customer_contact_locale", "error-choose-one");
            }
            found
        }
    }
}

/// The engagement date: a date, not in the future.
fn engagement_date(errors: &mut FieldErrors, input: &ClaimFormInput, today: NaiveDate) -> Option<NaiveDate> {
    match input.engagement_date.trim() {
        "" => {
            errors.add("engagement_date", "error-required");
            None
        }
        s => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Err(_) => {
                errors.add("engagement_date", "error-date");
                None
            }
            Ok(d) if d > today => {
                errors.add("engagement_date", "error-date-future");
                None
            }
            Ok(d) => Some(d),
        },
    }
}

/// A required, trimmed, length-limited text: one line when short, several when long.
fn text(errors: &mut FieldErrors, field: &'static str, value: &str, max_chars: usize) -> Option<String> {
    let lines = if max_chars > SHORT_TEXT { Lines::Many } else { Lines::One };
    text::required(value, max_chars, lines).map_err(|problem| errors.add(field, problem.message_key())).ok()
}

/// A required value with a format of its own.
fn parsed<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    invalid_key: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.add(field, "error-required");
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        errors.add(field, invalid_key);
    }
    parsed
}

fn contact(errors: &mut FieldErrors, fields: [&'static str; 3], values: [&String; 3]) -> Option<Contact> {
    let name = text(errors, fields[0], values[0], SHORT_TEXT);
    let title = text(errors, fields[1], values[1], SHORT_TEXT);
    let email = parsed(errors, fields[2], values[2], "error-email", EmailAddress::parse);
    Some(Contact { name: name?, title: title?, email: email? })
}

fn products(
    errors: &mut FieldErrors,
    input: &ClaimFormInput,
    catalogue: &[CatalogueProduct],
    area: Option<SolutionArea>,
) -> Option<Vec<ClaimedProduct>> {
    if input.products.is_empty() {
        errors.add("products", "error-products-required");
        return None;
    }
    let mut chosen = Vec::new();
    for code in &input.products {
        let Some(product) = catalogue.iter().find(|p| &p.code == code) else {
            errors.add("products", "error-product-unknown");
            return None;
        };
        if area.is_some_and(|a| a != product.solution_area) {
            errors.add("products", "error-product-area");
            return None;
        }
        if chosen.iter().any(|c: &ClaimedProduct| &c.code == code) {
            continue;
        }
        let raw_subscription = input.subscriptions.get(code).map(|s| s.trim()).unwrap_or("");
        let subscription_id = match (product.solution_area, raw_subscription) {
            (_, "") | (SolutionArea::Microsoft365, _) => None,
            (SolutionArea::BusinessApplications, raw) => match Guid::parse(raw) {
                Some(g) => Some(g),
                None => {
                    errors.add("subscriptions", "error-subscription-guid");
                    return None;
                }
            },
        };
        chosen.push(ClaimedProduct { code: code.clone(), name: product.name.clone(), subscription_id });
    }
    Some(chosen)
}

#[cfg(test)]
mod tests;

/// An MPN ID (partner location ID): 1 to 20 ASCII letters or digits.
pub fn is_mpn_id(s: &str) -> bool {
    (1..=20).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}
