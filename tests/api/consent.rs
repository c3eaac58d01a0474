//! The customer's consent page: the link from the e-mail, Deny association with its confirmation
//! step, once; and every kind of token misuse.

use crate::helpers::*;
use crate::smtp::unfold;
use crate::workflow::{status, under_review};
use reqwest::StatusCode;

/// Approves a claim, delivers the mail and returns the consent link from the customer's e-mail.
pub async fn consent_link(app: &TestApp) -> (String, String) {
    let (claim, _owner, reviewer) = under_review(app).await;
    reviewer.approve(&claim).await;
    app.deliver_mail().await;
    let dir = app.data_dir.path().join("mail");
    for entry in std::fs::read_dir(dir).expect("mail") {
        let text = unfold(&std::fs::read_to_string(entry.expect("entry").path()).expect("eml"));
        if text.contains("To: ana@contoso.com") {
            let start = text.find("/consent/").expect("a link");
            let token: String = text[start + 9..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            return (claim, format!("/consent/{token}"));
        }
    }
    panic!("no consent e-mail");
}

/// A browser for the customer: cookies kept, no redirects followed.
pub fn customer(app: &TestApp) -> Client {
    Client::new(app)
}

/// The token of the Deny form (the page's first form is the language switch).
pub fn csrf(html: &str) -> String {
    let at = html.find("action=\"/consent/deny").expect("the Deny form");
    csrf_in(&html[at..]).expect("its token")
}

#[tokio::test]
async fn a_customer_denies_the_association_from_the_link_once() {
    let app = spawn_app().await;
    let (claim, link) = consent_link(&app).await;
    let browser = customer(&app);
    let page = browser.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in ["Fabrikam Partners", "1234567", "Microsoft Teams, Exchange Online", "Usage", "Contoso Ltd", "Deny association"] {
        assert!(page.body.contains(expected), "{expected}");
    }
    assert_eq!(page.headers["referrer-policy"], "same-origin", "the link never leaks to other sites");
    let token = csrf(&page.body);
    let confirm = browser.post_raw("/consent/deny", &[("csrf_token".into(), token.clone())], &[]).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Yes, deny the association"));
    assert_eq!(status(&app, &claim).await, "approved", "the first click only asks");
    let denied = browser.post_raw("/consent/deny/confirm", &[("csrf_token".into(), token.clone())], &[]).await;
    assert!(denied.body.contains("You denied the association."));
    assert_eq!(status(&app, &claim).await, "rejected");
    let again = browser.post_raw("/consent/deny/confirm", &[("csrf_token".into(), token)], &[]).await;
    assert!(again.body.contains("already been denied"));
    let reopened = customer(&app).get(&link).await;
    assert!(reopened.body.contains("already been denied") && !reopened.body.contains("Deny association</button>"));
    let history = app.person(Caller::GlobalAdmin).await.get(&format!("/claims/{claim}/history")).await.body;
    assert!(history.contains("Denied by the customer") && history.contains("Ana Lopez (customer)"));
    assert_eq!(history.matches("Denied by the customer").count(), 1);
    let page = app.person(Caller::GlobalAdmin).await.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Customer declined") && !page.contains("Dispute the rejection"), "cannot be disputed");
    assert!(app.outbox().await.iter().any(|(k, r)| k == "rejected" && r == "incentives@fabrikam.test"), "the partner hears of it");
}

#[tokio::test]
async fn unknown_altered_and_expired_links_change_nothing() {
    let app = spawn_app().await;
    let (claim, link) = consent_link(&app).await;
    let unknown = customer(&app).get(&format!("/consent/{}", "a".repeat(64))).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("This link is not valid"));
    assert_eq!(customer(&app).get(&link[..link.len() - 1]).await.status, StatusCode::NOT_FOUND, "a truncated link");
    let browser = customer(&app);
    let token = csrf(&browser.get(&link).await.body);
    app.clock.advance(chrono::Duration::days(7));
    let late = customer(&app).get(&link).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(late.body.contains("has ended"));
    let late_deny = browser.post_raw("/consent/deny/confirm", &[("csrf_token".into(), token)], &[]).await;
    assert_ne!(late_deny.status, StatusCode::OK, "the short session is over too");
    assert_eq!(status(&app, &claim).await, "approved");
}

#[tokio::test]
async fn denying_needs_the_customer_session_and_its_token() {
    let app = spawn_app().await;
    let (claim, link) = consent_link(&app).await;
    let browser = customer(&app);
    let token = csrf(&browser.get(&link).await.body);
    let wrong = browser.post_raw("/consent/deny/confirm", &[("csrf_token".into(), "b".repeat(64))], &[]).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let stranger = customer(&app);
    let no_session = stranger.post_raw("/consent/deny/confirm", &[("csrf_token".into(), token.clone())], &[]).await;
    assert_eq!(no_session.status, StatusCode::FORBIDDEN, "the token alone is not enough");
    let partner = app.person(Caller::GlobalAdmin).await;
    let with_partner_session = partner.post_raw("/consent/deny/confirm", &[("csrf_token".into(), partner.csrf())], &[]).await;
    assert_eq!(with_partner_session.status, StatusCode::FORBIDDEN, "a partner's session is not the customer's");
    let cross_site = browser.post_raw("/consent/deny/confirm", &[("csrf_token".into(), token)], &[("origin", "https://evil.test")]).await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert_eq!(status(&app, &claim).await, "approved");
    assert_eq!(browser.get("/claims").await.status, StatusCode::SEE_OTHER, "the customer session opens nothing else");
    assert_eq!(browser.get(&format!("/claims/{claim}")).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_link_token_is_stored_only_as_a_hash() {
    let app = spawn_app().await;
    let (_claim, link) = consent_link(&app).await;
    let token = link.trim_start_matches("/consent/").to_string();
    let stored: Vec<String> = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT token_hash FROM consent_tokens").fetch_all(pool).await).expect("tokens");
    assert_eq!(stored, vec![cpor_portal::auth::tokens::token_hash(&token)]);
    let bodies: Vec<String> =
        cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT body_text FROM outbox").fetch_all(pool).await)
            .expect("bodies");
    assert!(bodies.iter().all(|b| !b.contains(&token)), "the outbox never held the raw token");
}
