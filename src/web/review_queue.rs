//! The review queue: every org's claims waiting for a reviewer, filtered (org, program, status,
//! due, competing, disputes, assignment) and sorted (due date or age) as the reviewer chooses, a
//! page at a time; saved views as tabs; bulk **Start review** and **Assign to me**, each claim
//! through the same rules as one; `j`/`k`/`o` to move and open, as an enhancement.

use super::assignment;
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::SignedIn;
use super::workflow_action::{Attempt, attempt};
use crate::db::Timestamp;
use crate::db::assignment::Assigned;
use crate::db::claims::{self, ClaimScope};
use crate::db::review_queue::{self, DueWindow, QueueRow, SavedView, ViewSaved};
use crate::db::workflow::Extras;
use crate::domain::allowed::{self, ClaimAction};
use crate::domain::claim::{ClaimStatus, Program};
use crate::domain::review_filter::{AssignmentFilter, DueFilter, QueueFilter, QueueSort};
use crate::domain::text::{self, Lines};
use crate::domain::workflow::Action;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

const PAGE_SIZE: i64 = 50;
/// The longest name of a saved view.
const VIEW_NAME_CHARS: usize = 60;
/// The most claims one bulk action takes (a page's worth).
const BULK_LIMIT: usize = PAGE_SIZE as usize;

#[derive(Template)]
#[template(path = "review_queue.html")]
struct ReviewQueuePage {
    page: Page,
    rows: Vec<QueueRow>,
    filter: QueueFilter,
    /// The filter's canonical query string (links, the saved view).
    query: String,
    views: Vec<SavedView>,
    orgs: Vec<(i64, String)>,
    /// Where the next page starts, when there is one.
    next: Option<String>,
    /// The reviewers a claim can be assigned to.
    reviewers: Vec<crate::db::assignment::Reviewer>,
    /// Every row's box ticked ("Select all on this page").
    all_selected: bool,
    now: Timestamp,
    /// The name typed for a view that could not be saved, and why.
    view_problem: Option<(String, &'static str)>,
    done: Option<&'static str>,
}

impl ReviewQueuePage {
    fn overdue(&self, row: &QueueRow) -> bool {
        row.due_at.is_some_and(|due| due < self.now)
    }

    fn programs(&self) -> &'static [Program] {
        Program::ALL
    }

    fn statuses(&self) -> [ClaimStatus; 2] {
        ClaimStatus::AWAITING_REVIEW
    }

    fn due_is(&self, code: &str) -> bool {
        matches!(
            (self.filter.due, code),
            (Some(DueFilter::Overdue), "overdue") | (Some(DueFilter::Today), "today") | (Some(DueFilter::Within(_)), "within") | (None, "")
        )
    }

    fn assignment_is(&self, code: &str) -> bool {
        matches!(
            (self.filter.assignment, code),
            (AssignmentFilter::Anyone, "anyone") | (AssignmentFilter::Me, "me") | (AssignmentFilter::Unassigned, "unassigned")
        )
    }

    fn sort_by_age(&self) -> bool {
        self.filter.sort == QueueSort::Age
    }

    fn org_chosen(&self, id: &i64) -> bool {
        self.filter.org == Some(*id)
    }

    fn program_chosen(&self, program: &Program) -> bool {
        self.filter.program == Some(*program)
    }

    fn status_chosen(&self, status: &ClaimStatus) -> bool {
        self.filter.status == Some(*status)
    }

    /// This page again with every row's box ticked.
    fn select_all_link(&self) -> String {
        let sep = if self.page.path.contains('?') { "&" } else { "?" };
        format!("{}{sep}select=all", self.page.path)
    }

    /// `path?query` with `extra` added.
    fn with_query(&self, path: &str, extra: &str) -> String {
        match (self.query.is_empty(), extra.is_empty()) {
            (true, true) => path.to_owned(),
            (true, false) => format!("{path}?{extra}"),
            (false, true) => format!("{path}?{}", self.query),
            (false, false) => format!("{path}?{}&{extra}", self.query),
        }
    }

    /// The tab of this filter: all, mine, or a saved view with the same canonical query.
    fn current_tab(&self, query: &str) -> bool {
        self.query == query
    }
}

/// The query's pairs as sent.
fn pairs(req: &HttpRequest) -> Vec<(String, String)> {
    serde_urlencoded::from_str(req.query_string()).unwrap_or_default()
}

fn due_window(state: &AppState, filter: &QueueFilter) -> DueWindow {
    let now = state.clock.now();
    let durations = state.durations();
    let calendar = &durations.calendar;
    match filter.due {
        None => DueWindow { from: None, until: None },
        Some(DueFilter::Overdue) => DueWindow { from: None, until: Some(Timestamp(now)) },
        Some(DueFilter::Today) => DueWindow { from: Some(Timestamp(now)), until: Some(Timestamp(calendar.end_of_day(now))) },
        Some(DueFilter::Within(days)) => {
            DueWindow { from: None, until: Some(Timestamp(calendar.end_of_day(calendar.add_business_days(now, days)))) }
        }
    }
}

async fn queue_page(state: &AppState, user: &SignedIn, req: &HttpRequest) -> Result<ReviewQueuePage, AppError> {
    let pairs = pairs(req);
    let filter = QueueFilter::parse(&pairs).map_err(|_| AppError::BadRequest("error-page-bad-request"))?;
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let cursor = match get("after") {
        Some(text) => Some(review_queue::parse_cursor(text).ok_or(AppError::BadRequest("error-page-bad-request"))?),
        None => None,
    };
    let mut rows = review_queue::page(&state.db, &filter, user.user().id, due_window(state, &filter), cursor, PAGE_SIZE + 1).await?;
    let next = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.cursor(filter.sort))
    } else {
        None
    };
    let done = get("done").and_then(|d| ["view-saved", "view-deleted"].into_iter().find(|k| *k == d));
    Ok(ReviewQueuePage {
        page: Page::new(&user.visitor),
        rows,
        query: filter.query_string(),
        filter,
        views: review_queue::views(&state.db, user.user().id).await?,
        orgs: review_queue::orgs_waiting(&state.db).await?,
        next,
        reviewers: crate::db::assignment::reviewers(&state.db).await?,
        all_selected: get("select") == Some("all"),
        now: state.now(),
        view_problem: None,
        done,
    })
}

#[get("/review")]
pub async fn queue(state: web::Data<AppState>, user: SignedIn, req: HttpRequest) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    ok(&queue_page(&state, &user, &req).await?)
}

/// **Save view**: the current filter under a name, shown as a tab for this reviewer.
#[post("/review/views")]
pub async fn save_view(
    state: web::Data<AppState>,
    user: SignedIn,
    req: HttpRequest,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    // The filter is the one the page was showing (in the form's address), parsed again.
    let filter = QueueFilter::parse(&pairs(&req)).map_err(|_| AppError::BadRequest("error-page-bad-request"))?;
    let typed = posted.typed("view_name");
    let problem = match text::required(typed, VIEW_NAME_CHARS, Lines::One) {
        Ok(name) => match review_queue::save_view(&state.db, user.user().id, &name, &filter.query_string(), state.now()).await? {
            ViewSaved::Saved => {
                let query = filter.query_string();
                let sep = if query.is_empty() { "" } else { "&" };
                return Ok(see_other(&format!("/review?{query}{sep}done=view-saved")));
            }
            ViewSaved::NameTaken => "error-view-name-taken",
            ViewSaved::TooMany => "error-too-many-views",
        },
        Err(problem) => problem.message_key(),
    };
    let mut page = queue_page(&state, &user, &req).await?;
    page.view_problem = Some((typed.to_owned(), problem));
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[post("/review/views/{id}/delete")]
pub async fn delete_view(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    if !review_queue::delete_view(&state.db, user.user().id, *path).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/review?done=view-deleted"))
}

#[derive(Template)]
#[template(path = "bulk_result.html")]
struct BulkResultPage {
    page: Page,
    /// The translation key of the action taken.
    action: &'static str,
    done: Vec<String>,
    /// Each claim not done, with the translation key of why.
    skipped: Vec<(String, &'static str)>,
    /// Back to the queue as it was.
    back: String,
}

/// The bulk action on the claims ticked: each goes through the rules on its own, and the summary
/// says which were done and why each other one was not.
#[post("/review/bulk")]
pub async fn bulk(
    state: web::Data<AppState>,
    user: SignedIn,
    req: HttpRequest,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    let (action, key, to) = match posted.typed("action") {
        "start-review" => (ClaimAction::StartReview, "start-review", None),
        "assign-to-me" => (ClaimAction::Assign, "assign-to-me", Some(user.user().id)),
        "assign-to" => (ClaimAction::Assign, "assign", assignment::assignee(&user, posted.typed("bulk_reviewer"))?),
        "unassign" => (ClaimAction::Assign, "unassign", None),
        _ => return Err(AppError::BadRequest("error-page-bad-request")),
    };
    let chosen: Vec<&str> = posted.fields.iter().filter(|(k, _)| k == "claim").map(|(_, v)| v.as_str()).collect();
    if chosen.len() > BULK_LIMIT {
        return Err(AppError::BadRequest("error-page-bad-request"));
    }
    let (mut done, mut skipped) = (Vec::new(), Vec::new());
    for public_id in chosen {
        let Some(claim) = claims::find(&state.db, ClaimScope::Reviewer, public_id).await? else {
            skipped.push((public_id.chars().take(20).collect(), "bulk-skipped-not-found"));
            continue;
        };
        let why = match action {
            ClaimAction::StartReview => match attempt(&state, &user, &claim, None, Action::StartReview, Extras::default(), |_| {}).await? {
                Attempt::Done => None,
                Attempt::Repeated => Some("bulk-skipped-already"),
                Attempt::Refused(error) => Some(error.message_key()),
                Attempt::Conflict(_) => Some("workflow-wrong-status"),
            },
            _ => match allowed::may(&claim.facts(), user.person(), action, state.clock.now(), &state.durations()) {
                Err(why) => Some(why.message_key(action)),
                Ok(()) if claim.assigned_reviewer_id == to => Some("bulk-skipped-already"),
                Ok(()) => match assignment::assign(&state, &user, &claim, to).await? {
                    Assigned::Done => None,
                    Assigned::NotAssignable => Some("workflow-wrong-status"),
                    Assigned::UnknownReviewer => return Err(AppError::BadRequest("error-page-bad-request")),
                },
            },
        };
        match why {
            None => done.push(claim.public_id.clone()),
            Some(why) => skipped.push((claim.public_id.clone(), why)),
        }
    }
    let filter = QueueFilter::parse(&pairs(&req)).unwrap_or_default();
    let page =
        BulkResultPage { page: Page::new(&user.visitor), action: key, done, skipped, back: format!("/review?{}", filter.query_string()) };
    ok(&page)
}
