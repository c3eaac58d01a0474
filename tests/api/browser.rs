//! Real-browser journeys: Debian's Chromium, driven by chromedriver through thirtyfour, against
//! the real server. axe-core (tests/assets/axe.min.js, from the npm registry) checks every kind of
//! page for serious or critical accessibility violations. A failing journey leaves a screenshot in
//! `test-artifacts/`.

use crate::files;
use crate::helpers::*;
use anyhow::{Context, bail};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;

const AXE: &str = include_str!("../assets/axe.min.js");

pub struct Browser {
    pub driver: WebDriver,
    /// The language the journey is walked in.
    pub locale: cpor_portal::i18n::Locale,
    chromedriver: Child,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start(app: &TestApp, language: &str) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let chromedriver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium chromium-driver)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("profile");
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary("/usr/bin/chromium").expect("binary");
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=1280,1000",
            "--lang=en-US",
        ] {
            caps.add_arg(arg).expect("arg");
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.path().display())).expect("arg");
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.expect("a browser session");
        let locale = cpor_portal::i18n::Locale::from_tag(language).expect("a supported language");
        let browser = Browser { driver, chromedriver, base: app.address.clone(), _profile: profile, locale };
        if language != "en" {
            browser.choose_language(language).await.expect("the language switch");
        }
        browser
    }

    /// A text of the portal in the journey's language.
    pub fn say(&self, key: &str) -> &'static str {
        self.locale.t(key)
    }

    /// Picks a language with the switch every page has.
    pub async fn choose_language(&self, tag: &str) -> anyhow::Result<()> {
        self.open("/sign-in").await?;
        self.click(&format!("#language-select option[value={tag}]")).await?;
        self.click(".language-switch button").await?;
        let expected = cpor_portal::i18n::Locale::from_tag(tag).map(|l| l.t("sign-in-title")).unwrap_or_default();
        self.expect_text(expected).await
    }

    pub async fn open(&self, path: &str) -> anyhow::Result<()> {
        self.driver.goto(format!("{}{path}", self.base)).await?;
        Ok(())
    }

    pub async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let field = self.driver.query(By::Css(css)).first().await.with_context(|| format!("field {css}"))?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.driver.query(By::Css(css)).first().await.with_context(|| format!("element {css}"))?.click().await?;
        Ok(())
    }

    /// Sets a field's value by script (date inputs take keys in the browser's locale format).
    pub async fn set_value(&self, id: &str, value: &str) -> anyhow::Result<()> {
        self.driver.execute(format!("document.getElementById('{id}').value = '{value}';"), vec![]).await?;
        Ok(())
    }

    pub async fn text(&self) -> anyhow::Result<String> {
        Ok(self.driver.find(By::Css("body")).await?.text().await?)
    }

    /// Waits (up to ten seconds, for the page a click is loading) until the page says `wanted`.
    pub async fn expect_text(&self, wanted: &str) -> anyhow::Result<()> {
        let mut text = String::new();
        for _ in 0..100 {
            text = self.text().await.unwrap_or_default();
            if text.contains(wanted) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("expected {wanted:?} on {} but the page says:\n{text}", self.driver.current_url().await?)
    }

    pub async fn sign_in(&self, email: &str) -> anyhow::Result<()> {
        self.sign_in_with(email, PASSWORD).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &str) -> anyhow::Result<()> {
        self.open("/sign-in").await?;
        self.fill("#field-email", email).await?;
        self.fill("#field-password", password).await?;
        self.click("form[action='/sign-in'] button[type=submit]").await?;
        self.driver.query(By::Css("form[action='/sign-out']")).first().await.context("signed in")?;
        Ok(())
    }

    pub async fn sign_out(&self) -> anyhow::Result<()> {
        self.click("form[action='/sign-out'] button").await?;
        self.expect_text(self.say("signed-out-notice")).await
    }

    /// Runs axe-core on the page: no serious or critical WCAG 2.1 A/AA violation may remain.
    pub async fn axe(&self, what: &str) -> anyhow::Result<()> {
        let violations = self.axe_violations().await?;
        if !violations.is_empty() {
            bail!("axe on {what}: {violations:#?}");
        }
        Ok(())
    }

    async fn axe_violations(&self) -> anyhow::Result<Vec<String>> {
        self.driver.execute(AXE, vec![]).await?;
        let found = self
            .driver
            .execute(
                "return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                   .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')));",
                vec![],
            )
            .await?;
        Ok(found.convert()?)
    }

    /// Ends a journey: on failure, a screenshot and the page address, then the failure itself.
    pub async fn finish(mut self, name: &str, outcome: Result<anyhow::Result<()>, Box<dyn std::any::Any + Send>>) {
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(format!("{error:#}")),
            Err(panic) => Some(
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default(),
            ),
        };
        if let Some(failure) = &failure {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
            let _ = std::fs::create_dir_all(&dir);
            let shot = dir.join(format!("{name}.png"));
            let _ = self.driver.screenshot(&shot).await;
            eprintln!("journey {name} failed; screenshot in {}: {failure}", shot.display());
        }
        let _ = self.driver.clone().quit().await;
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        if let Some(failure) = failure {
            panic!("{name}: {failure}");
        }
    }
}

/// Runs a journey in a fresh browser; a failure leaves a screenshot.
macro_rules! journey {
    ($app:expr, $language:literal, $name:literal, $body:expr) => {{
        let browser = Browser::start($app, $language).await;
        let outcome = AssertUnwindSafe($body(&browser, $app)).catch_unwind().await;
        browser.finish(&format!("{}-{}", $name, $language), outcome).await;
    }};
}

/// The partner creates a claim with every field through the form.
async fn create_claim(b: &Browser) -> anyhow::Result<String> {
    b.open("/claims/new").await?;
    b.click("form.claim-form button[type=submit]").await?;
    b.expect_text(b.say("form-has-errors")).await?;
    b.axe("the claim form with errors").await?;
    b.fill("#field-name", "Contoso Teams rollout").await?;
    b.click("#field-mpn_id option[value='1234567']").await?;
    b.click("input[name=solution_area][value=m365]").await?;
    b.click("#field-activity option[value=usage]").await?;
    b.fill("#field-customer_name", "Contoso Ltd").await?;
    b.fill("#field-customer_domain", "contoso.com").await?;
    b.fill("#field-tenant_id", "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c").await?;
    b.click("input[name=product][value=teams]").await?;
    b.fill("#field-customer_contact_name", "Ana Lopez").await?;
    b.fill("#field-customer_contact_title", "CIO").await?;
    b.fill("#field-customer_contact_email", "ana@contoso.com").await?;
    b.fill("#field-partner_contact_name", "Ivan Incentives").await?;
    b.fill("#field-partner_contact_email", "incentives@fabrikam.test").await?;
    b.fill("#field-partner_solution", "Deployed Teams to 400 seats").await?;
    b.set_value("field-engagement_date", "2026-10-01").await?;
    b.click("form.claim-form button[type=submit]").await?;
    b.expect_text("Contoso Teams rollout").await?;
    let url = b.driver.current_url().await?;
    Ok(url.path().trim_start_matches("/claims/").to_string())
}

async fn upload_and_submit(b: &Browser, dir: &std::path::Path) -> anyhow::Result<()> {
    let pdf = dir.join("signed-poe.pdf");
    std::fs::write(&pdf, files::pdf())?;
    b.driver.find(By::Css("#file-1")).await?.send_keys(pdf.display().to_string()).await?;
    b.fill("#description-1", "Signed by the customer").await?;
    b.click("#upload-form button[type=submit]").await?;
    b.expect_text("signed-poe.pdf").await?;
    for item in ["customer_signature", "dates_recent", "partner_solution", "products_named", "belongs_to_customer"] {
        b.click(&format!("#check-{item}")).await?;
    }
    b.click("form[action$='/submit'] button").await?;
    b.expect_text(b.say("claim-submitted-notice")).await
}

#[tokio::test]
async fn the_partner_and_reviewer_journeys_in_a_real_browser() {
    let app = spawn_app().await;
    journey!(&app, "en", "partner-and-reviewer", journey_partner_and_reviewer);
    let app = spawn_app().await;
    journey!(&app, "de", "partner-and-reviewer", journey_partner_and_reviewer);
}

#[tokio::test]
async fn the_customer_denies_from_the_email_link_in_a_real_browser() {
    for language in ["en", "de"] {
        let app = spawn_app().await;
        let (claim, _owner, reviewer) = crate::workflow::under_review(&app).await;
        reviewer.approve(&claim).await;
        app.deliver_mail().await;
        if language == "en" {
            journey!(&app, "en", "customer", journey_customer);
        } else {
            journey!(&app, "de", "customer", journey_customer);
        }
        assert_eq!(crate::workflow::status(&app, &claim).await, "rejected", "{language}");
    }
}

#[tokio::test]
async fn the_global_admin_adds_a_user_in_a_real_browser() {
    let app = spawn_app().await;
    journey!(&app, "en", "global-admin", journey_global_admin);
    let app = spawn_app().await;
    journey!(&app, "ko", "global-admin", journey_global_admin);
}

#[tokio::test]
async fn the_operator_runs_the_program_in_a_real_browser() {
    let app = spawn_app().await;
    journey!(&app, "en", "operator", journey_operator);
    let app = spawn_app().await;
    journey!(&app, "ru", "operator", journey_operator);
}

/// The story on the demo: filter to one org's overdue claims and save the view, start
/// three reviews at once, assign one to a colleague, preview a PDF, leave an internal note the
/// partner never sees, read the service-level charts; axe on every page.
#[tokio::test]
async fn a_reviewer_works_the_demo_queue_in_a_real_browser() {
    let app = spawn_demo_app().await;
    journey!(&app, "en", "reviewer-workbench", journey_reviewer_workbench);
    let app = spawn_demo_app().await;
    journey!(&app, "hu", "reviewer-workbench", journey_reviewer_workbench);
}

async fn journey_reviewer_workbench(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    let password = cpor_portal::demo::DEMO_PASSWORD;
    b.sign_in_with("reviewer@cpor.example", password).await?;
    b.open("/review").await?;
    b.axe("the review queue with filters").await?;
    b.click(&format!("#filter-org option[value='{}']", app.seed.org_a)).await?;
    b.click("#filter-due option[value=overdue]").await?;
    b.click("form.filters button[type=submit]").await?;
    b.expect_text("Litware").await?;
    b.fill("#view-name", "Fabrikam overdue").await?;
    b.click("form.save-view button[type=submit]").await?;
    b.expect_text(b.say("view-saved")).await?;
    b.expect_text("Fabrikam overdue").await?;
    b.axe("the queue with a saved view").await?;
    // j, j, o opens the second claim of the queue, from the keyboard.
    b.open("/review").await?;
    let second = b.driver.query(By::Css("table.queue tbody tr:nth-child(2) th a")).first().await?.attr("href").await?.unwrap_or_default();
    for key in ["j", "j", "o"] {
        b.driver
            .execute(&format!("document.body.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{key}', bubbles: true }}));"), vec![])
            .await?;
    }
    for _ in 0..50 {
        if b.driver.current_url().await?.path() == second {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if b.driver.current_url().await?.path() != second {
        bail!("j j o did not open {second}");
    }
    b.open("/review?status=submitted").await?;
    for n in 1..=3 {
        b.click(&format!("table.queue tbody tr:nth-child({n}) input[name=claim]")).await?;
    }
    b.click("button[value=start-review]").await?;
    b.expect_text(b.say("bulk-done-heading")).await?;
    b.axe("the bulk action's summary").await?;
    b.click("main ul li a").await?;
    b.click("#assign-reviewer option:nth-child(1)").await?;
    b.click("form[action$='/assign'] select + button").await?;
    b.expect_text(b.say("done-assigned")).await?;
    b.expect_text("Rita Reviewer").await?;
    b.axe("a claim under review with its assignment").await?;
    let claim_url = b.driver.current_url().await?.path().to_owned();
    b.click("a[href$='/preview']").await?;
    b.driver.query(By::Css("ol.preview-pages img")).first().await.context("a rendered page")?;
    b.axe("a PoE preview").await?;
    b.open(&claim_url).await?;
    b.fill("#field-note", "Check the signature against last year's claim").await?;
    b.click("form[action$='/notes'] button").await?;
    b.expect_text("Check the signature against last year").await?;
    b.axe("a claim with an internal note").await?;
    b.open("/review/service-levels").await?;
    b.expect_text(b.say("chart-by-kind")).await?;
    b.axe("service levels").await?;
    b.sign_out().await?;
    b.sign_in_with("incentives@fabrikam.example", password).await?;
    b.open(&claim_url).await?;
    let text = b.text().await?;
    if text.contains("Check the signature") {
        bail!("the partner sees the internal note");
    }
    Ok(())
}

/// A German user meets no English on the pages of their journey.
#[tokio::test]
async fn a_german_partner_works_in_german() {
    let app = spawn_app().await;
    journey!(&app, "en", "german", journey_german);
}

async fn journey_partner_and_reviewer(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    b.open("/sign-in").await?;
    b.axe("the sign-in page").await?;
    b.sign_in(Caller::IncentivesAdmin.email()).await?;
    b.expect_text(b.say("dashboard-empty-title")).await?;
    b.axe("the empty dashboard").await?;
    let claim = create_claim(b).await?;
    b.axe("a claim in Editing").await?;
    b.open(&format!("/claims/{claim}/poe-template")).await?;
    b.axe("the printable PoE template").await?;
    b.open(&format!("/claims/{claim}")).await?;
    upload_and_submit(b, app.data_dir.path()).await?;
    b.axe("a submitted claim").await?;
    b.open("/claims?q=contoso").await?;
    b.expect_text(&claim).await?;
    b.axe("the dashboard with a search").await?;
    b.sign_out().await?;

    b.sign_in(Caller::Reviewer.email()).await?;
    b.expect_text(b.say("review-queue-title")).await?;
    b.axe("the review queue").await?;
    b.click(&format!("a[href='/claims/{claim}']")).await?;
    b.click("form[action$='/start-review'] button").await?;
    b.expect_text(b.say("done-review-started")).await?;
    b.axe("a claim under review, as the reviewer").await?;
    b.click("input[name=reason][value=missing-customer-acknowledgment]").await?;
    b.fill("#field-info_comment", "Please add the signed page").await?;
    b.click("form[action$='/request-information'] button").await?;
    b.expect_text(b.say("done-information-requested")).await?;
    b.sign_out().await?;

    b.sign_in(Caller::IncentivesAdmin.email()).await?;
    b.open(&format!("/claims/{claim}")).await?;
    b.expect_text("Please add the signed page").await?;
    b.axe("a claim waiting for the partner").await?;
    b.fill("#field-resubmit_comment", "Signed page added").await?;
    b.click("form[action$='/resubmit'] button").await?;
    b.expect_text(b.say("done-resubmitted")).await?;
    b.sign_out().await?;

    b.sign_in(Caller::Reviewer.email()).await?;
    b.open(&format!("/claims/{claim}")).await?;
    b.click("#field-reject_reason option[value=insufficient-poe]").await?;
    b.fill("#field-reject_comment", "The signature is unreadable").await?;
    b.click("form[action$='/reject'] button").await?;
    b.expect_text(b.say("done-rejected")).await?;
    b.sign_out().await?;

    b.sign_in(Caller::IncentivesAdmin.email()).await?;
    b.open(&format!("/claims/{claim}")).await?;
    b.axe("a rejected claim").await?;
    b.fill("#field-dispute_justification", "The customer signed on page 2").await?;
    b.click("form[action$='/dispute'] button").await?;
    b.expect_text(b.say("done-disputed")).await?;
    b.click(&format!("a[href='/claims/{claim}/history']")).await?;
    b.expect_text("The customer signed on page 2").await?;
    b.axe("the history").await?;
    b.sign_out().await?;

    b.sign_in(Caller::Reviewer.email()).await?;
    b.open(&format!("/claims/{claim}")).await?;
    b.click("form[action$='/approve'] button").await?;
    b.expect_text(b.say("done-approved")).await?;
    b.open("/nowhere").await?;
    b.axe("an error page").await
}

async fn journey_customer(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    let mut link = String::new();
    for entry in std::fs::read_dir(app.data_dir.path().join("mail"))? {
        let text = crate::smtp::unfold(&std::fs::read_to_string(entry?.path())?);
        if let Some(at) = text.find("/consent/").filter(|_| text.contains("To: ana@contoso.com")) {
            link = text[at..].chars().take(9 + 64).collect();
        }
    }
    if link.is_empty() {
        bail!("no consent e-mail was written");
    }
    b.open(&link).await?;
    b.expect_text("Fabrikam Partners").await?;
    b.axe("the consent page").await?;
    b.click("form[action='/consent/deny'] button").await?;
    b.expect_text(b.say("consent-confirm-heading")).await?;
    b.axe("the consent confirmation").await?;
    b.click("form[action='/consent/deny/confirm'] button").await?;
    b.expect_text(b.say("consent-denied")).await
}

async fn journey_global_admin(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    // The check can fail: a planted image without a text alternative is reported.
    b.open("/sign-in").await?;
    b.driver
        .execute("const i = document.createElement('img'); i.src = '/static/none.png'; document.querySelector('main').append(i);", vec![])
        .await?;
    let planted = b.axe_violations().await?;
    if !planted.iter().any(|v| v.contains("image-alt")) {
        bail!("axe did not report a planted violation: {planted:?}");
    }
    b.sign_in(Caller::GlobalAdmin.email()).await?;
    b.open("/users").await?;
    b.axe("the users page").await?;
    b.fill("#field-name", "Nina New").await?;
    b.fill("#field-email", "nina@fabrikam.test").await?;
    b.click("#field-role option[value=billing-admin]").await?;
    b.click("form[action='/users'] button[type=submit]").await?;
    b.expect_text(b.say("user-invited")).await?;
    b.expect_text("nina@fabrikam.test").await?;
    b.axe("the users page with a pending invitation").await?;
    b.open("/account").await?;
    b.axe("your account").await?;
    b.open("/account/two-step").await?;
    b.axe("setting up two-step verification").await?;
    b.sign_out().await?;
    b.open("/password/forgot").await?;
    b.axe("forgot your password").await?;
    // Nina follows the link in her e-mail, chooses her password and is signed in.
    app.deliver_mail().await;
    let link = link_in_mail(app, "nina@fabrikam.test", "/invitations/").context("the invitation e-mail")?;
    b.open(&link).await?;
    b.axe("setting a password").await?;
    b.fill("#field-password", "amber kettle skyline").await?;
    b.fill("#field-password_confirm", "amber kettle skyline").await?;
    b.click("form button[type=submit].primary").await?;
    b.driver.query(By::Css("form[action='/sign-out']")).first().await.context("signed in")?;
    b.expect_text("Nina New").await
}

/// Someone applies for partner access; an operator approves it and goes through every page of
/// Program administration, some with a form's errors shown.
async fn journey_operator(b: &Browser, _app: &TestApp) -> anyhow::Result<()> {
    b.open("/apply").await?;
    b.axe("apply for partner access").await?;
    b.click("form[action='/apply'] button[type=submit]").await?;
    b.expect_text(b.say("form-has-errors")).await?;
    b.axe("apply for partner access, with errors").await?;
    b.fill("#field-org_name", "Contoso Partners").await?;
    b.fill("#field-mpn_id", "8889990").await?;
    b.fill("#field-name", "Ana Applicant").await?;
    b.fill("#field-email", "ana@contoso-partners.test").await?;
    b.click("form[action='/apply'] button[type=submit]").await?;
    b.expect_text(b.say("apply-thanks")).await?;
    b.sign_in(Caller::Operator.email()).await?;
    b.expect_text(b.say("admin-intro")).await?;
    b.axe("program administration").await?;
    b.open("/admin/applications").await?;
    b.expect_text("Contoso Partners").await?;
    b.axe("applications").await?;
    b.click("form[action$='/approve'] button").await?;
    b.expect_text(b.say("org-created")).await?;
    b.axe("an organisation").await?;
    b.open("/admin/orgs").await?;
    b.click("form[method=post][action='/admin/orgs'] button[type=submit]").await?;
    b.expect_text(b.say("form-has-errors")).await?;
    b.axe("organisations, with errors").await?;
    for (path, what) in [
        ("/admin/people", "reviewers and operators"),
        ("/admin/products", "products"),
        ("/admin/mail", "e-mail delivery"),
        ("/admin/audit", "the audit log"),
    ] {
        b.open(path).await?;
        b.axe(what).await?;
    }
    b.open("/admin/calendar").await?;
    b.axe("calendar and service levels").await?;
    b.fill("#field-review-start", "0").await?;
    b.click("form[action='/admin/service-levels'] button[type=submit]").await?;
    b.expect_text(b.say("error-days-range")).await?;
    b.axe("service levels, with errors").await
}

async fn journey_german(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    b.sign_in(Caller::IncentivesAdmin.email()).await?;
    b.click("#language-select option[value=de]").await?;
    b.click(".language-switch button").await?;
    b.expect_text("Kundenzuordnungen").await?;
    b.axe("the German dashboard").await?;
    let claim = {
        b.open("/claims/new").await?;
        b.click("form.claim-form button[type=submit]").await?;
        b.axe("the German claim form with errors").await?;
        let text = b.text().await?;
        for english in ["Please correct", "Enter a value", "Customer name", "Create association", "required", "Sign out"] {
            if text.contains(english) {
                bail!("English {english:?} on the German claim form:\n{text}");
            }
        }
        app.insert_claim(app.seed.org_a, valid_claim_form()).await
    };
    b.open(&format!("/claims/{claim}")).await?;
    let text = b.text().await?;
    // ("Status" and "Name" are German words too.)
    for english in ["Editing", "What happens next", "Proof of Execution", "Comments", "Upload", "History", "Edit", "Delete"] {
        if text.contains(english) {
            bail!("English {english:?} on the German claim page:\n{text}");
        }
    }
    b.axe("the German claim page").await?;
    b.open(&format!("/claims/{claim}/delete")).await?;
    b.axe("the delete confirmation").await?;
    b.open(&format!("/claims/{claim}")).await?;
    let exe = app.data_dir.path().join("invoice.pdf");
    std::fs::write(&exe, files::exe())?;
    b.driver.query(By::Css("#file-1")).first().await?.send_keys(exe.display().to_string()).await?;
    b.click("#upload-form button[type=submit]").await?;
    b.expect_text("invoice.pdf").await?;
    let text = b.text().await?;
    if text.contains("not accepted") || text.contains("Accepted:") {
        bail!("English on the German refused-upload page:\n{text}");
    }
    b.axe("the refused upload page").await
}

/// A global admin makes an API token, sees it once, revokes it, reads how to use the API, and
/// imports associations from a spreadsheet with a bad row: in Korean, with axe on every page.
#[tokio::test]
async fn a_global_admin_makes_an_api_token_in_a_real_browser() {
    let app = spawn_app().await;
    journey!(&app, "ko", "api-tokens", journey_api_tokens);
}

async fn journey_api_tokens(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    b.sign_in(Caller::GlobalAdmin.email()).await?;
    b.click("a[href='/api-tokens']").await?;
    b.expect_text(b.say("api-tokens-none")).await?;
    b.axe("the API tokens page").await?;
    b.click("form[action='/api-tokens'] button").await?;
    b.expect_text(b.say("form-has-errors")).await?;
    b.axe("the token form with errors").await?;
    b.fill("#field-name", "CRM").await?;
    b.click("#field-scope option[value=read-write]").await?;
    b.click("form[action='/api-tokens'] button").await?;
    b.expect_text(b.say("api-token-shown-once")).await?;
    b.axe("a token shown once").await?;
    b.click("form[action$='/revoke'] button").await?;
    b.expect_text(b.say("api-token-revoked-done")).await?;
    b.open("/api/v1/docs").await?;
    b.expect_text(b.say("api-docs-title")).await?;
    b.axe("the API's documentation").await?;
    b.open("/claims").await?;
    b.click("a[href='/webhooks']").await?;
    b.axe("the webhooks page").await?;
    b.click("form[action='/webhooks'] button").await?;
    b.expect_text(b.say("form-has-errors")).await?;
    b.axe("the webhook form with errors").await?;
    b.open("/claims").await?;
    b.click("a[href='/claims/import']").await?;
    b.axe("the import page").await?;
    let file = app.data_dir.path().join("associations.csv");
    let form = valid_claim_form();
    let (headings, cells): (Vec<String>, Vec<String>) =
        form.iter().filter(|(k, _)| k != "product").map(|(k, v)| (k.clone(), format!("\"{v}\""))).unzip();
    let bad = cells.iter().map(|c| if c.contains('@') { "\"nobody\"".to_owned() } else { c.clone() }).collect::<Vec<_>>();
    let text = format!("{},products\n{},teams\n{},teams\n", headings.join(","), cells.join(","), bad.join(","));
    std::fs::write(&file, text)?;
    b.driver.find(By::Css("#import-file")).await?.send_keys(file.display().to_string()).await?;
    b.click("form[action='/claims/import'] button").await?;
    b.expect_text(b.say("import-problems-heading")).await?;
    b.axe("an import checked, with problems").await?;
    b.click("form[action$='/create'] button").await?;
    b.axe("an import done").await?;
    Ok(())
}
