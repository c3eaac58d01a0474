//! "Sign in with single sign-on": OpenID Connect with the organisation's identity provider, by the
//! openidconnect crate. Discovery, the authorization code flow with PKCE, state and nonce, and the
//! ID token verified against the provider's keys (issuer, audience, expiry, nonce). The account
//! must already exist and be active, and is matched by the token's verified e-mail; anything else
//! is a refusal page that says why.

use super::error::AppError;
use super::page::{Page, render, see_other};
use super::session_store::{PENDING_NEXT, PENDING_SINCE, PENDING_USER};
use super::sign_in::begin_session;
use super::state::AppState;
use super::visitor::Visitor;
use crate::config::SsoSettings;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse, reqwest,
};

const STATE: &str = "sso_state";
const NONCE: &str = "sso_nonce";
const VERIFIER: &str = "sso_pkce";
const NEXT: &str = "sso_next";

#[derive(Template)]
#[template(path = "sso_refused.html")]
struct RefusedPage {
    page: Page,
    reason: &'static str,
}

fn refused(visitor: &Visitor, reason: &'static str) -> Result<HttpResponse, AppError> {
    render(StatusCode::FORBIDDEN, &RefusedPage { page: Page::new(visitor), reason })
}

fn http_client() -> Result<reqwest::Client, AppError> {
    // No redirects: a provider that redirects its token endpoint is refused (SSRF).
    reqwest::ClientBuilder::new()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| AppError::Internal(e.into()))
}

/// Where the provider sends the person back.
fn redirect_url(state: &AppState) -> String {
    format!("{}/sign-in/sso/callback", state.base_url())
}

type Client = openidconnect::Client<
    openidconnect::EmptyAdditionalClaims,
    openidconnect::core::CoreAuthDisplay,
    openidconnect::core::CoreGenderClaim,
    openidconnect::core::CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJsonWebKey,
    openidconnect::core::CoreAuthPrompt,
    openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    openidconnect::core::CoreTokenResponse,
    openidconnect::core::CoreTokenIntrospectionResponse,
    openidconnect::core::CoreRevocableToken,
    openidconnect::core::CoreRevocationErrorResponse,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// The provider's client, from its discovery document.
async fn client(sso: &SsoSettings, redirect: String, http: &reqwest::Client) -> anyhow::Result<Client> {
    let metadata = CoreProviderMetadata::discover_async(IssuerUrl::new(sso.issuer.clone())?, http).await?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(sso.client_id.clone()),
        Some(ClientSecret::new(sso.client_secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(redirect)?))
}

#[derive(serde::Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Sends the person to the identity provider, remembering the flow's secrets in their session.
#[get("/sign-in/sso")]
pub async fn start(
    state: web::Data<AppState>,
    visitor: Visitor,
    session: Session,
    query: web::Query<StartQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(sso) = &state.settings.sso else { return Err(AppError::NotFound) };
    let next = super::local_path::safe_next(query.next.as_deref().unwrap_or("/"))?;
    let http = http_client()?;
    let client = match client(sso, redirect_url(&state), &http).await {
        Ok(client) => client,
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), "single sign-on: discovery failed");
            return refused(&visitor, "sso-refused-provider");
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let insert = |key: &str, value: &str| session.insert(key, value).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")));
    insert(STATE, csrf.secret())?;
    insert(NONCE, nonce.secret())?;
    insert(VERIFIER, verifier.secret())?;
    insert(NEXT, &next)?;
    Ok(see_other(url.as_str()))
}

#[derive(serde::Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
}

/// Back from the provider: the code exchanged, the ID token verified, the account found by its
/// verified e-mail, and the person signed in (or asked for their code, with two steps).
#[get("/sign-in/sso/callback")]
pub async fn callback(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    session: Session,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(sso) = &state.settings.sso else { return Err(AppError::NotFound) };
    let get = |key: &str| session.get::<String>(key).ok().flatten();
    let (Some(expected), Some(nonce), Some(verifier)) = (get(STATE), get(NONCE), get(VERIFIER)) else {
        return refused(&visitor, "sso-refused-failed");
    };
    let next = get(NEXT).unwrap_or_else(|| "/".into());
    for key in [STATE, NONCE, VERIFIER, NEXT] {
        session.remove(key);
    }
    let (Some(code), Some(returned)) = (&query.code, &query.state) else { return refused(&visitor, "sso-refused-failed") };
    if !crate::auth::tokens::same_secret(returned, &expected) {
        return refused(&visitor, "sso-refused-failed");
    }
    let email = match verified_email(sso, &state, code, &nonce, &verifier).await {
        Ok(Some(email)) => email,
        Ok(None) => return refused(&visitor, "sso-refused-unverified"),
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), "single sign-on: the code or the ID token was refused");
            return refused(&visitor, "sso-refused-failed");
        }
    };
    let Some((user_id, _, active)) = crate::db::users::credentials(&state.db, &email).await? else {
        return refused(&visitor, "sso-refused-unknown");
    };
    if !active {
        return refused(&visitor, "sso-refused-unknown");
    }
    if crate::db::two_step::secret(&state.db, user_id).await?.is_some() {
        let insert =
            |key: &str, value: serde_json::Value| session.insert(key, value).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")));
        insert(PENDING_USER, serde_json::json!(user_id))?;
        insert(PENDING_SINCE, serde_json::json!(state.now().0))?;
        insert(PENDING_NEXT, serde_json::json!(next))?;
        return Ok(see_other("/sign-in/code"));
    }
    begin_session(&state, &session, &req, user_id, "single-sign-on").await?;
    Ok(see_other(&next))
}

/// The ID token's e-mail, if the provider says it is verified; an error for anything that fails
/// the checks (signature, issuer, audience, expiry, nonce).
async fn verified_email(sso: &SsoSettings, state: &AppState, code: &str, nonce: &str, verifier: &str) -> anyhow::Result<Option<String>> {
    let http = http_client()?;
    let client = client(sso, redirect_url(state), &http).await?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
        .request_async(&http)
        .await?;
    let id_token = tokens.id_token().ok_or_else(|| anyhow::anyhow!("the provider sent no ID token"))?;
    let claims = id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce.to_owned()))?;
    Ok(match (claims.email(), claims.email_verified()) {
        (Some(email), Some(true)) => Some(email.as_str().to_lowercase()),
        _ => None,
    })
}
