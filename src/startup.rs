//! Building and running the server. `Application::build` binds the listener first, so tests can
//! ask for port 0 and learn the port before serving.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::mail::worker::Mailer;
use crate::startup_failure::StartupFailure;
use crate::storage::{PoeStore, StorageLocation};
use crate::web::error::AppError;
use crate::web::session_store::DbSessionStore;
use crate::web::state::AppState;
use crate::web::visitor::SESSION_COOKIE;
use crate::web::{error_pages::error_pages, headers::security_headers, routes};
use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    /// `/metrics` on its own address, when configured: its server and port.
    metrics: Option<(Server, u16)>,
}

impl Application {
    /// Connects to the database, applies migrations and binds the address; `run` then serves.
    pub async fn build(mut settings: Settings, clock: Clock) -> anyhow::Result<Application> {
        crate::startup_failure::ensure_data_directory(&settings.data_dir)?;
        let db = Db::connect(&settings.database_url).await?;
        db.migrate().await?;
        let listener = TcpListener::bind(&settings.bind).map_err(|e| StartupFailure::address(&settings.bind, &e))?;
        let port = listener.local_addr()?.port();
        settings.bind = listener.local_addr()?.to_string();
        let storage = StorageLocation::parse(settings.storage_url.as_deref(), &settings.data_dir)?;
        let poe = Arc::new(PoeStore::open(&settings.data_dir, storage)?);
        let mailer = Arc::new(
            Mailer::new(settings.smtp_url.as_deref(), &settings.mail_from, &settings.data_dir)?
                .in_zone(settings.durations.calendar.zone())
                .invitations_valid_for(settings.invitation_days),
        );
        crate::db::calendar::seed_once(&db, &settings.durations, crate::db::Timestamp(clock.now())).await?;
        let live_durations = Arc::new(crate::live_durations::LiveDurations::new(settings.durations.clone()));
        live_durations.refresh(&db).await?;
        let previews = Arc::new(crate::preview::Previewer::open(&settings.data_dir)?);
        let api_throttle = Arc::new(crate::web::api::Throttle::per_minute(settings.api_requests_per_minute));
        let state = AppState { db, settings: Arc::new(settings), clock, poe, mailer, live_durations, previews, api_throttle };
        let key = crate::web::session_key::load_or_create(&state.settings)?;
        let server = serve(listener, state.clone(), key)?;
        let metrics = match state.settings.metrics_bind.clone() {
            Some(bind) => {
                crate::metrics::handle()?;
                let listener = TcpListener::bind(&bind).map_err(|e| StartupFailure::address(&bind, &e))?;
                let port = listener.local_addr()?.port();
                Some((serve_metrics(listener, state.clone())?, port))
            }
            None => None,
        };
        Ok(Application { port, server, state, metrics })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port `/metrics` is served on, when configured.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run(self) -> std::io::Result<()> {
        let state = self.state.clone();
        let sweep_state = self.state.clone();
        // Uploads cut off by a crash or a dropped connection; an hour's grace spares uploads in
        // flight on other instances sharing the storage.
        tokio::spawn(async move {
            match sweep_state.poe.sweep(&sweep_state.db, std::time::Duration::from_secs(3600)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "swept unfinished PoE uploads"),
                Err(error) => tracing::warn!(%error, "the PoE sweep failed"),
            }
        });
        // Told to stop when the server has stopped: a job finishes the run it is in (a batch of
        // e-mails, a sweep) and starts no other.
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let background = if self.state.settings.background_jobs {
            vec![
                spawn_every(self.state.clone(), 2, deliver_mail, stopping.clone()),
                spawn_every(self.state.clone(), 2, deliver_webhooks, stopping.clone()),
                spawn_every(self.state.clone(), 60, sweep_deadlines, stopping.clone()),
            ]
        } else {
            Vec::new()
        };
        // Durations and holidays changed on another instance.
        let refresh_state = self.state.clone();
        let refresh = tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(crate::live_durations::REFRESH_SECONDS));
            loop {
                every.tick().await;
                if let Err(error) = refresh_state.live_durations.refresh(&refresh_state.db).await {
                    tracing::debug!(%error, "could not read the service levels");
                }
            }
        });
        let housekeeping = tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                every.tick().await;
                if let Err(error) = housekeeping_once(&state).await {
                    tracing::warn!(%error, "housekeeping failed");
                }
            }
        });
        let metrics = self.metrics.map(|(server, _)| tokio::spawn(server));
        let result = self.server.await;
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        housekeeping.abort();
        refresh.abort();
        let _ = stop.send(true);
        for task in background {
            // A run in progress has up to half a minute to finish.
            let abort = task.abort_handle();
            if tokio::time::timeout(std::time::Duration::from_secs(30), task).await.is_err() {
                abort.abort();
            }
        }
        result
    }
}

/// Runs `job` every `seconds` until told to stop, never in the middle of a run; a failure is
/// logged and tried next time.
fn spawn_every<F>(
    state: AppState,
    seconds: u64,
    job: fn(AppState) -> F,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()>
where
    F: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(seconds));
        loop {
            tokio::select! {
                _ = every.tick() => {}
                _ = stopping.changed() => return,
            }
            if *stopping.borrow() {
                return;
            }
            if let Err(error) = job(state.clone()).await {
                tracing::warn!(error = format!("{error:#}"), "background job failed");
            }
        }
    })
}

async fn deliver_mail(state: AppState) -> anyhow::Result<()> {
    crate::mail::worker::deliver_due(&state.db, &state.mailer, state.now(), &state.base_url()).await.map(|_| ())
}

async fn deliver_webhooks(state: AppState) -> anyhow::Result<()> {
    crate::webhook_delivery::deliver_due(&state).await.map(|_| ())
}

async fn sweep_deadlines(state: AppState) -> anyhow::Result<()> {
    let durations = state.live_durations.refresh(&state.db).await?;
    let report = crate::sweeper::sweep(&state.db, &durations, state.clock.now(), &state.base_url()).await?;
    crate::metrics::swept(state.clock.now());
    if report != crate::sweeper::SweepReport::default() {
        tracing::info!(?report, "deadlines swept");
    }
    Ok(())
}

/// Deletes expired sessions (signed-in and customers'), consent links past their period,
/// sign-in failures older than the throttle window, and API answers and imports kept over a day.
pub async fn housekeeping_once(state: &AppState) -> Result<(), AppError> {
    crate::web::visitor::delete_expired_sessions(state).await?;
    let before = crate::db::Timestamp(state.clock.now() - state.settings.sign_in_throttle.window);
    crate::db::throttle::delete_older_than(&state.db, before).await?;
    crate::db::consent::delete_expired(&state.db, state.now()).await?;
    let day_ago = crate::db::Timestamp(state.clock.now() - chrono::Duration::days(1));
    crate::db::api_tokens::forget_answers(&state.db, day_ago).await?;
    crate::db::imports::delete_older_than(&state.db, day_ago).await?;
    Ok(())
}

/// `/metrics` in Prometheus' text format, on its own address and nothing else there.
fn serve_metrics(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    async fn metrics(state: web::Data<AppState>) -> actix_web::HttpResponse {
        match crate::metrics::render(&state.db, state.clock.now()).await {
            Ok(text) => actix_web::HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text),
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "metrics could not be read");
                actix_web::HttpResponse::ServiceUnavailable().finish()
            }
        }
    }
    let data = web::Data::new(state);
    Ok(HttpServer::new(move || App::new().app_data(data.clone()).route("/metrics", web::get().to(metrics)))
        .workers(1)
        .listen(listener)?
        .run())
}

fn serve(listener: TcpListener, state: AppState, key: Key) -> std::io::Result<Server> {
    let https = state.settings.secure_cookies();
    let store = DbSessionStore {
        db: state.db.clone(),
        clock: state.clock.clone(),
        idle_timeout: state.settings.session_idle_timeout,
        absolute_timeout: state.settings.session_absolute_timeout,
    };
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        // One cookie for every kind of session, encrypted; it lives as long as the browser does
        // and the server decides when a session ends.
        let sessions = SessionMiddleware::builder(store.clone(), key.clone())
            .cookie_name(SESSION_COOKIE.into())
            .cookie_path("/".into())
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .cookie_secure(https)
            .cookie_content_security(CookieContentSecurity::Private)
            .session_lifecycle(BrowserSession::default())
            .build();
        App::new()
            .wrap(from_fn(error_pages))
            .wrap(security_headers(https))
            .wrap(from_fn(crate::web::headers::request_id))
            .wrap(TracingLogger::default())
            .app_data(data.clone())
            .app_data(web::QueryConfig::default().error_handler(|_, _| AppError::BadRequest("error-page-bad-request").into()))
            // Outside the sessions: assets and the health check never touch them.
            .service(crate::web::static_files::style)
            .service(crate::web::static_files::upload_script)
            .service(crate::web::static_files::queue_script)
            .service(crate::web::home::health)
            .service(crate::web::home::ready)
            // The JSON API: a bearer token says who calls; no session, no cookie.
            .configure(crate::web::api::configure)
            .service(
                web::scope("")
                    .wrap(sessions)
                    .configure(routes)
                    // The visitor is read so a 404 page still shows who is signed in, with their navigation.
                    .default_service(web::to(|_: crate::web::visitor::Visitor| async {
                        Err::<actix_web::HttpResponse, _>(AppError::NotFound)
                    })),
            )
    })
    // SIGTERM or Ctrl-C: stop accepting, let requests in flight finish (up to 30 s), then stop.
    .shutdown_timeout(30)
    .listen(listener)?
    .run();
    Ok(server)
}
