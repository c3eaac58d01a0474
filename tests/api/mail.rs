//! The outbox: written with the change, delivered once (across a crash too), over SMTP to a real
//! server or as .eml files.

use crate::helpers::*;
use crate::smtp::{SmtpSink, unfold};
use crate::workflow::under_review;
use chrono::Duration;
use cpor_portal::db::Timestamp;
use cpor_portal::domain::workflow::RejectionReason;

#[tokio::test]
async fn an_approval_queues_the_partner_and_customer_mails_in_its_transaction() {
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    assert!(app.outbox().await.is_empty(), "nothing to say before a decision");
    let stale = reviewer.post_pairs(&format!("/claims/{claim}/approve"), &[("revision", "0")]).await;
    assert_eq!(stale.status, reqwest::StatusCode::CONFLICT);
    assert!(app.outbox().await.is_empty(), "a refused decision queues nothing");
    reviewer.approve(&claim).await;
    let outbox = app.outbox().await;
    assert!(outbox.contains(&("approved".into(), "incentives@fabrikam.test".into())));
    assert!(outbox.contains(&("consent".into(), "ana@contoso.com".into())));
    assert_eq!(outbox.len(), 2);
}

#[tokio::test]
async fn without_smtp_mails_are_written_as_eml_files_once() {
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    reviewer.reject(&claim, RejectionReason::InsufficientPoe, "Unsigned").await;
    assert_eq!(app.deliver_mail().await, 1);
    assert_eq!(app.deliver_mail().await, 0, "delivered rows are not sent again");
    let dir = app.data_dir.path().join("mail");
    let files: Vec<_> = std::fs::read_dir(&dir).expect("mail dir").map(|e| e.expect("entry").path()).collect();
    assert_eq!(files.len(), 1);
    let eml = unfold(&std::fs::read_to_string(&files[0]).expect("eml"));
    assert!(eml.contains(&format!("Subject: Claim {claim} was rejected")));
    assert!(eml.contains("Insufficient proof of execution") && eml.contains("You can dispute this rejection until"));
    assert!(eml.contains("text/plain") && eml.contains("text/html"), "plain text and HTML parts");
    assert!(eml.contains(&format!("{}/claims/{claim}", app.address)), "a link to the claim");
}

#[tokio::test]
async fn a_worker_that_dies_holding_mail_delays_it_but_never_doubles_it() {
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    reviewer.reject(&claim, RejectionReason::InsufficientPoe, "Unsigned").await;
    let now = Timestamp(app.clock.now());
    let taken = cpor_portal::db::outbox::lease(&app.db, now, Timestamp(now.0 + Duration::seconds(120)), 10).await.expect("lease");
    assert_eq!(taken.len(), 1, "a worker took the row and then crashed");
    assert_eq!(app.deliver_mail().await, 0, "the lease keeps other workers off");
    app.clock.advance(Duration::seconds(121));
    assert_eq!(app.deliver_mail().await, 1, "after the lease the row is delivered");
    assert_eq!(app.deliver_mail().await, 0);
    assert_eq!(cpor_portal::db::outbox::undelivered(&app.db).await.expect("count"), 0);
}

#[tokio::test]
async fn mail_goes_over_smtp_to_a_real_server_and_is_retried_until_it_arrives() {
    let sink = SmtpSink::start().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let app = spawn_app_with(|s| s.smtp_url = Some(format!("smtp://127.0.0.1:{closed}"))).await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    reviewer.approve(&claim).await;
    assert_eq!(app.deliver_mail().await, 0, "the SMTP server is down");
    let attempts =
        cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT MAX(attempts) FROM outbox").fetch_one(pool).await)
            .expect("attempts");
    assert_eq!(attempts, 1);
    let working =
        cpor_portal::mail::worker::Mailer::new(Some(&sink.url()), "CPOR portal <no-reply@cpor.test>", app.data_dir.path()).expect("mailer");
    let deliver = |app: &TestApp| {
        let now = Timestamp(app.clock.now());
        let base = app.state.base_url();
        let db = app.db.clone();
        let working = &working;
        async move { cpor_portal::mail::worker::deliver_due(&db, working, now, &base).await.expect("deliver") }
    };
    assert_eq!(deliver(&app).await, 0, "not before the backoff");
    app.clock.advance(Duration::seconds(31));
    assert_eq!(deliver(&app).await, 2);
    assert_eq!(deliver(&app).await, 0);
    let messages = sink.messages();
    assert_eq!(messages.len(), 2);
    let customer = messages.iter().map(|m| unfold(m)).find(|m| m.contains("To: ana@contoso.com")).expect("the customer's mail");
    assert!(customer.contains("Fabrikam Partners") && customer.contains("/consent/"));
    assert!(messages.iter().any(|m| m.contains("To: incentives@fabrikam.test")));
}

/// Three instances' workers on one outbox at once: every message goes out exactly once.
#[tokio::test]
async fn workers_of_several_instances_send_each_message_once() {
    let sink = crate::smtp::SmtpSink::start().await;
    let app = spawn_app().await;
    for _ in 0..12 {
        let (claim, _owner, reviewer) = crate::workflow::under_review(&app).await;
        assert_eq!(reviewer.approve(&claim).await.status, reqwest::StatusCode::SEE_OTHER);
    }
    let queued = app.outbox().await.len();
    assert!(queued >= 24, "{queued} queued");
    let base = app.state.base_url();
    let workers = (0..3).map(|_| {
        let mailer =
            cpor_portal::mail::worker::Mailer::new(Some(&sink.url()), "CPOR <no-reply@cpor.test>", app.data_dir.path()).expect("mailer");
        let (db, now, base) = (app.db.clone(), cpor_portal::db::Timestamp(app.clock.now()), base.clone());
        tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let batch = cpor_portal::mail::worker::deliver_due(&db, &mailer, now, &base).await.expect("deliver");
                if batch == 0 {
                    break sent;
                }
                sent += batch;
            }
        })
    });
    let mut total = 0;
    for worker in workers.collect::<Vec<_>>() {
        total += worker.await.expect("worker");
    }
    assert_eq!(total, queued, "each message by one worker");
    assert_eq!(sink.messages().len(), queued, "and received once");
}
