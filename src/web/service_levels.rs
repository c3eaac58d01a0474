//! **Service levels** for reviewers: for a chosen period, claims submitted and decided, the
//! decisions by kind, time to decision (median and 90th percentile in business days), the share
//! decided within the service level, what is overdue now, per reviewer; as charts drawn on the
//! server, each with a table of its figures.

use super::chart::BarChart;
use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::Timestamp;
use crate::db::service_levels;
use crate::domain::service_report::{self, Decision, DecisionKind, HISTOGRAM_DAYS, Report};
use actix_web::{HttpResponse, get, web};
use askama::Template;
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};

#[derive(Template)]
#[template(path = "service_levels.html")]
struct ServiceLevelsPage {
    page: Page,
    from: NaiveDate,
    to: NaiveDate,
    submitted: i64,
    report: Report,
    /// The service level: business days from submission to decision.
    target: i64,
    overdue: Vec<(Option<String>, i64)>,
    overdue_total: i64,
    charts: Vec<BarChart>,
}

impl ServiceLevelsPage {
    /// What is overdue now among this reviewer's claims.
    fn overdue_of(&self, reviewer: &str) -> i64 {
        self.overdue.iter().find(|(name, _)| name.as_deref() == Some(reviewer)).map_or(0, |(_, n)| *n)
    }
}

#[derive(serde::Deserialize)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The longest period one report covers.
const MAX_PERIOD_DAYS: i64 = 366;

#[get("/review/service-levels")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, query: web::Query<PeriodQuery>) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    let durations = state.durations();
    let calendar = &durations.calendar;
    let zone = calendar.zone();
    let today = state.clock.now().with_timezone(&zone).date_naive();
    let date = |text: &Option<String>, default: NaiveDate| match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| AppError::BadRequest("error-page-bad-request")),
    };
    let to = date(&query.to, today)?;
    let from = date(&query.from, to - Duration::days(29))?;
    if from > to || (to - from).num_days() > MAX_PERIOD_DAYS {
        return Err(AppError::BadRequest("error-period"));
    }
    let start = |day: NaiveDate| {
        Timestamp(zone.from_local_datetime(&day.and_time(NaiveTime::MIN)).earliest().map_or(state.clock.now(), |t| t.to_utc()))
    };
    let (since, until) = (start(from), start(to + Duration::days(1)));
    let rows = service_levels::decisions(&state.db, since, until).await?;
    let decisions: Vec<Decision> = rows
        .into_iter()
        .filter_map(|r| {
            Some(Decision { at: r.at.0, since: r.since.map(|s| s.0), kind: DecisionKind::parse(&r.action)?, reviewer: r.actor_name })
        })
        .collect();
    let target = i64::from(durations.review_start_business_days + durations.decision_business_days);
    let report = service_report::report(&decisions, calendar, target);
    let locale = &user.visitor.locale;
    let count_heading = locale.t("chart-decisions").to_owned();
    let charts = vec![
        BarChart::new(
            "by-kind",
            locale.t("chart-by-kind").to_owned(),
            (locale.t("chart-kind").to_owned(), count_heading.clone()),
            report.by_kind.iter().map(|(k, n)| (locale.t(&k.label_key()).to_owned(), *n)).collect(),
        ),
        BarChart::new(
            "time-to-decision",
            locale.t("chart-time-to-decision").to_owned(),
            (locale.t("chart-business-days").to_owned(), count_heading.clone()),
            report
                .histogram
                .iter()
                .enumerate()
                .map(|(days, n)| (if days > HISTOGRAM_DAYS { format!("> {HISTOGRAM_DAYS}") } else { days.to_string() }, *n))
                .collect(),
        ),
        BarChart::new(
            "per-reviewer",
            locale.t("chart-per-reviewer").to_owned(),
            (locale.t("column-reviewer").to_owned(), count_heading),
            report.per_reviewer.iter().map(|r| (r.reviewer.clone(), r.decided)).collect(),
        ),
    ];
    let overdue = service_levels::overdue_now(&state.db, state.now()).await?;
    ok(&ServiceLevelsPage {
        page: Page::new(&user.visitor),
        from,
        to,
        submitted: service_levels::submitted(&state.db, since, until).await?,
        report,
        target,
        overdue_total: overdue.iter().map(|(_, n)| n).sum(),
        overdue,
        charts,
    })
}
