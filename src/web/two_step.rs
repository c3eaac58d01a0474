//! Two-step verification: setting it up (a QR code rendered on the server, the secret as text,
//! confirmed by a first code; ten recovery codes shown once), the code asked for after the
//! password (throttled like passwords; a recovery code works once, and the person is told), and
//! turning it off (with the password; the person is told).

use super::action_forms::{CodeForm, PasswordOnlyForm};
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::session_store::{PENDING_NEXT, PENDING_SINCE, PENDING_USER};
use super::sign_in::begin_session;
use super::state::AppState;
use super::visitor::{SignedIn, Visitor};
use crate::auth::password;
use crate::auth::tokens::token_hash;
use crate::db::{Timestamp, accounts, throttle, two_step as stored};
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::two_step;
use crate::mail::account_mail;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

/// How long the code may follow the password.
const PENDING_MINUTES: i64 = 10;
const ISSUER: &str = "CPOR portal";

#[derive(Template)]
#[template(path = "two_step.html")]
struct TwoStepPage {
    page: Page,
    /// Two-step verification is on: the recovery codes left.
    enabled: Option<i64>,
    /// Setting up: the QR code (SVG) and the secret as text.
    qr_svg: String,
    secret_text: String,
    /// Just turned on: the recovery codes, shown this once.
    recovery_codes: Vec<String>,
    /// Everyone of this person's role must set it up before anything else.
    required: bool,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "sign_in_code.html")]
struct CodePage {
    page: Page,
    problem: Option<&'static str>,
}

/// The time the codes are judged at: the portal's clock, which tests set.
fn unix_now(state: &AppState) -> u64 {
    state.clock.now().timestamp().max(0) as u64
}

fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
}

async fn setup_page(state: &AppState, user: &SignedIn, errors: FieldErrors) -> Result<TwoStepPage, AppError> {
    let me = user.user();
    let required = state.settings.require_two_step_for.contains(&me.role);
    let mut page = TwoStepPage {
        page: Page::new(&user.visitor),
        enabled: None,
        qr_svg: String::new(),
        secret_text: String::new(),
        recovery_codes: Vec::new(),
        required,
        errors,
    };
    if stored::secret(&state.db, me.id).await?.is_some() {
        page.enabled = Some(stored::recovery_codes_left(&state.db, me.id).await?);
        return Ok(page);
    }
    let secret = match stored::pending(&state.db, me.id).await?.and_then(|hex_secret| hex::decode(hex_secret).ok()) {
        Some(secret) => secret,
        None => {
            let secret = two_step::new_secret();
            stored::set_pending(&state.db, me.id, &hex::encode(&secret)).await?;
            secret
        }
    };
    page.qr_svg = qr_svg(&two_step::otpauth_url(&secret, ISSUER, &me.email))?;
    page.secret_text = two_step::secret_text(&secret);
    Ok(page)
}

#[get("/account/two-step")]
pub async fn show(state: web::Data<AppState>, user: SignedIn) -> Result<HttpResponse, AppError> {
    ok(&setup_page(&state, &user, FieldErrors::default()).await?)
}

/// Confirms the setup with a first code; the recovery codes are shown once, on this answer.
#[post("/account/two-step")]
pub async fn confirm(state: web::Data<AppState>, user: SignedIn, posted: Posted<CodeForm>) -> Result<HttpResponse, AppError> {
    let me = user.user().clone();
    let secret = stored::pending(&state.db, me.id).await?.and_then(|hex_secret| hex::decode(hex_secret).ok());
    let step = secret.and_then(|secret| two_step::accept(&secret, &posted.form.code, unix_now(&state), None));
    let Some(step) = step else {
        let mut errors = FieldErrors::default();
        errors.add("code", "error-code-wrong");
        return render(StatusCode::UNPROCESSABLE_ENTITY, &setup_page(&state, &user, errors).await?);
    };
    let codes = two_step::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| token_hash(&two_step::normalise_recovery_code(c))).collect();
    if !stored::enable(&state.db, me.id, step as i64, &hashes, state.now()).await? {
        return Err(AppError::Conflict("error-two-step-changed"));
    }
    record(&state, &user, AuditKind::TwoStepEnabled).await?;
    let mut page = setup_page(&state, &user, FieldErrors::default()).await?;
    page.recovery_codes = codes;
    ok(&page)
}

/// Turns two-step verification off, with the password; the person is told by e-mail.
#[post("/account/two-step/disable")]
pub async fn disable(state: web::Data<AppState>, user: SignedIn, posted: Posted<PasswordOnlyForm>) -> Result<HttpResponse, AppError> {
    let me = user.user().clone();
    let stored_hash = accounts::password_hash(&state.db, me.id).await?;
    if !password::verify(posted.form.password.clone(), stored_hash).await? {
        let mut errors = FieldErrors::default();
        errors.add("current_password", "error-password-wrong");
        return render(StatusCode::UNPROCESSABLE_ENTITY, &setup_page(&state, &user, errors).await?);
    }
    let now = state.now();
    let zone = state.settings.durations.calendar.zone();
    let to = account_mail::Recipient { email: &me.email, name: &me.name, locale: user.visitor.locale.tag(), zone };
    let mail = account_mail::two_step_off(&to, now.0, &state.base_url());
    stored::disable(&state.db, me.id, false, Some(mail), now).await?;
    record(&state, &user, AuditKind::TwoStepDisabled).await?;
    Ok(see_other("/account?done=two-step-off"))
}

/// Records a change of the person's own two-step verification in the audit log.
async fn record(state: &AppState, user: &SignedIn, kind: AuditKind) -> Result<(), AppError> {
    let actor = user.audit_actor();
    let entry = crate::db::audit::AuditEntry { kind, actor: &actor, subject: &actor.email, detail: "", org_id: user.user().org_id };
    Ok(crate::db::audit::record(&state.db, &entry, state.now()).await?)
}

/// Who passed the password step and may give the code now.
fn pending(state: &AppState, session: &Session) -> Option<(i64, String)> {
    let user_id = session.get::<i64>(PENDING_USER).ok().flatten()?;
    let since = session.get::<chrono::DateTime<chrono::Utc>>(PENDING_SINCE).ok().flatten()?;
    let next = session.get::<String>(PENDING_NEXT).ok().flatten().unwrap_or_else(|| "/".into());
    (state.clock.now() - since < chrono::Duration::minutes(PENDING_MINUTES)).then_some((user_id, next))
}

#[get("/sign-in/code")]
pub async fn code_form(state: web::Data<AppState>, visitor: Visitor, session: Session) -> Result<HttpResponse, AppError> {
    if pending(&state, &session).is_none() {
        return Ok(see_other("/sign-in"));
    }
    ok(&CodePage { page: Page::new(&visitor), problem: None })
}

/// The second step: a code from the authenticator (each works once) or a recovery code (each
/// works once, and the person is told), throttled like passwords.
#[post("/sign-in/code")]
pub async fn check_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: Session,
    posted: Posted<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let Some((user_id, next)) = pending(&state, &session) else { return Ok(see_other("/sign-in")) };
    let now = state.now();
    let client = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    let limits = &state.settings.sign_in_throttle;
    let account = format!("code:{user_id}");
    let attempt = throttle::reserve(&state.db, &account, &client, now).await?;
    let (for_account, for_address) = throttle::recent_failures(&state.db, &account, &client, Timestamp(now.0 - limits.window)).await?;
    let visitor = &posted.visitor;
    if for_account > limits.per_account || for_address > limits.per_address {
        throttle::release(&state.db, attempt).await?;
        return render(StatusCode::TOO_MANY_REQUESTS, &CodePage { page: Page::new(visitor), problem: Some("sign-in-throttled") });
    }
    if !accepted(&state, user_id, &posted.form.code, visitor).await? {
        return render(StatusCode::UNPROCESSABLE_ENTITY, &CodePage { page: Page::new(visitor), problem: Some("error-code-wrong") });
    }
    throttle::release(&state.db, attempt).await?;
    begin_session(&state, &session, &req, user_id, "two-step").await?;
    Ok(see_other(&next))
}

/// Whether the code (or recovery code) is good for the person, using it up if so.
async fn accepted(state: &AppState, user_id: i64, code: &str, visitor: &Visitor) -> Result<bool, AppError> {
    let Some((secret_hex, last_step)) = stored::secret(&state.db, user_id).await? else { return Ok(false) };
    let secret = hex::decode(secret_hex).map_err(|e| AppError::Internal(e.into()))?;
    if let Some(step) = two_step::accept(&secret, code, unix_now(state), last_step.map(|s| s as u64)) {
        // Asked again as it is written: two requests with one code cannot both pass.
        return Ok(stored::use_step(&state.db, user_id, step as i64).await?);
    }
    let typed = two_step::normalise_recovery_code(code);
    if typed.len() != 16 {
        return Ok(false);
    }
    let Some((email, name, locale)) = accounts::person(&state.db, user_id).await? else { return Ok(false) };
    let now = state.now();
    let zone = state.settings.durations.calendar.zone();
    let locale = locale.unwrap_or_else(|| visitor.locale.tag().to_owned());
    let to = account_mail::Recipient { email: &email, name: &name, locale: &locale, zone };
    let mail = account_mail::recovery_code_used(&to, now.0, &state.base_url());
    Ok(stored::use_recovery_code(&state.db, user_id, &token_hash(&typed), mail, now).await?)
}

/// Leaves the second step (back to the sign-in page).
#[post("/sign-in/code/cancel")]
pub async fn cancel(session: Session, _posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    session.remove(PENDING_USER);
    Ok(see_other("/sign-in"))
}
