//! Calendar and service levels: the holidays of each year and the durations of SPEC.md, kept in
//! the database with who changed them and when. A change applies to deadlines set from then on;
//! a deadline already running keeps its date (the page says so).

use super::{confirmed, entry};
use crate::db::calendar::{self, Holiday, LevelRecord};
use crate::domain::administration;
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::service_levels::{ServiceLevel, parse_days};
use crate::web::error::AppError;
use crate::web::page::{Page, ok, render, see_other};
use crate::web::posted::{NoFields, Posted};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::{Datelike, NaiveDate};

/// A service level as the form shows it.
pub struct LevelRow {
    pub level: ServiceLevel,
    /// The value shown in the field: as stored, or as typed when refused.
    pub value: String,
    pub changed_by: Option<String>,
    pub changed_at: Option<crate::db::Timestamp>,
    pub error: Option<&'static str>,
}

impl LevelRow {
    pub fn unit_key(&self) -> &'static str {
        if self.level.in_business_days() { "unit-business-days" } else { "unit-days" }
    }
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    page: Page,
    current: &'static str,
    year: i32,
    holidays: Vec<Holiday>,
    levels: Vec<LevelRow>,
    day: String,
    typed_name: String,
    errors: FieldErrors,
    done: Option<&'static str>,
}

const DONE: [&str; 3] = ["holiday-added", "holiday-removed", "service-levels-saved"];

#[derive(serde::Deserialize)]
pub struct CalendarQuery {
    year: Option<i32>,
    done: Option<String>,
}

fn level_rows(stored: Vec<LevelRecord>, typed: Option<&Posted<NoFields>>, errors: &[(ServiceLevel, &'static str)]) -> Vec<LevelRow> {
    ServiceLevel::ALL
        .into_iter()
        .map(|level| {
            let record = stored.iter().find(|r| r.name == level.as_str());
            let value = match typed {
                Some(posted) => posted.typed(level.as_str()).to_owned(),
                None => record.map(|r| r.value.to_string()).unwrap_or_default(),
            };
            LevelRow {
                level,
                value,
                changed_by: record.and_then(|r| r.changed_by.clone()),
                changed_at: record.map(|r| r.changed_at),
                error: errors.iter().find(|(l, _)| *l == level).map(|(_, e)| *e),
            }
        })
        .collect()
}

struct Shown<'a> {
    year: i32,
    typed_levels: Option<&'a Posted<NoFields>>,
    level_errors: Vec<(ServiceLevel, &'static str)>,
    day: String,
    name: String,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    shown: Shown<'_>,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<CalendarPage, AppError> {
    let year = shown.year.clamp(2000, 2100);
    Ok(CalendarPage {
        page: Page::new(&user.visitor),
        current: "/admin/calendar",
        year,
        holidays: calendar::holidays_of(&state.db, year).await?,
        levels: level_rows(calendar::levels(&state.db).await?, shown.typed_levels, &shown.level_errors),
        day: shown.day,
        typed_name: shown.name,
        errors,
        done,
    })
}

fn this_year(state: &AppState) -> i32 {
    state.clock.now().with_timezone(&state.settings.durations.calendar.zone()).year()
}

#[get("/admin/calendar")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, query: web::Query<CalendarQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let year = query.year.unwrap_or_else(|| this_year(&state));
    let shown = Shown { year, typed_levels: None, level_errors: Vec::new(), day: String::new(), name: String::new() };
    ok(&page(&state, &user, shown, FieldErrors::default(), confirmed(query.done.as_deref(), &DONE)).await?)
}

fn back_to(year: i32, done: &str) -> HttpResponse {
    see_other(&format!("/admin/calendar?year={year}&done={done}"))
}

#[post("/admin/calendar/holidays")]
pub async fn add_holiday(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let mut errors = FieldErrors::default();
    let day = administration::holiday_date(&mut errors, posted.typed("day"));
    let name = administration::name(&mut errors, posted.typed("name"));
    if let (Some(day), true) = (day, errors.is_empty()) {
        let subject = day.to_string();
        if calendar::add_holiday(&state.db, day, &name, &entry(AuditKind::HolidayAdded, &actor, &subject, &name, None), state.now()).await?
        {
            state.live_durations.refresh(&state.db).await?;
            return Ok(back_to(day.year(), "holiday-added"));
        }
        errors.add("day", "error-holiday-exists");
    }
    let year = day.map_or_else(|| this_year(&state), |d| d.year());
    let shown = Shown {
        year,
        typed_levels: None,
        level_errors: Vec::new(),
        day: posted.typed("day").to_owned(),
        name: posted.typed("name").to_owned(),
    };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, shown, errors, None).await?)
}

#[post("/admin/calendar/holidays/{day}/remove")]
pub async fn remove_holiday(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let day = NaiveDate::parse_from_str(&path, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    let subject = day.to_string();
    if !calendar::remove_holiday(&state.db, day, &entry(AuditKind::HolidayRemoved, &actor, &subject, "", None), state.now()).await? {
        return Err(AppError::NotFound);
    }
    state.live_durations.refresh(&state.db).await?;
    Ok(back_to(day.year(), "holiday-removed"))
}

/// Saves the durations: every field is checked before any is stored; only those that changed
/// are written, each with an audit entry saying from what to what.
#[post("/admin/service-levels")]
pub async fn save_levels(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let current = state.live_durations.refresh(&state.db).await?;
    let mut changes = Vec::new();
    let mut level_errors = Vec::new();
    for level in ServiceLevel::ALL {
        match parse_days(posted.typed(level.as_str())) {
            Ok(days) if days != level.get(&current) => changes.push((level, days, format!("{} → {days}", level.get(&current)))),
            Ok(_) => {}
            Err(key) => level_errors.push((level, key)),
        }
    }
    if !level_errors.is_empty() {
        let mut errors = FieldErrors::default();
        for (level, key) in &level_errors {
            errors.add(level.as_str(), key);
        }
        let shown = Shown { year: this_year(&state), typed_levels: Some(&posted), level_errors, day: String::new(), name: String::new() };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, shown, errors, None).await?);
    }
    calendar::set_levels(&state.db, &changes, &entry(AuditKind::ServiceLevelChanged, &actor, "", "", None), state.now()).await?;
    state.live_durations.refresh(&state.db).await?;
    Ok(back_to(this_year(&state), "service-levels-saved"))
}
