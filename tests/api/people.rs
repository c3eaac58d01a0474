//! A signed-in person of one kind, acting through the pages as a browser would, with one method
//! per action: `reviewer.approve(&claim)`. Each action form carries the claim's current revision,
//! as the page would.

use crate::helpers::*;
use cpor_portal::domain::poe::SelfCheckItem;
use cpor_portal::domain::workflow::{InfoReason, RejectionReason, WithdrawReason};
use std::ops::Deref;

pub struct Person<'a> {
    app: &'a TestApp,
    pub client: Client,
}

impl Deref for Person<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl TestApp {
    /// A signed-in person of this kind.
    pub async fn person(&self, caller: Caller) -> Person<'_> {
        Person { app: self, client: self.client(caller).await }
    }
}

impl Person<'_> {
    /// Posts an action's form with the claim's current revision.
    pub async fn act(&self, claim: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        crate::workflow::act(self.app, &self.client, claim, action, fields).await
    }

    pub async fn submit(&self, claim: &str) -> Page {
        let checks: Vec<(&str, &str)> = SelfCheckItem::ALL.iter().map(|item| (item.as_str(), "yes")).collect();
        self.client.post_pairs(&format!("/claims/{claim}/submit"), &checks).await
    }

    pub async fn upload_pdf(&self, claim: &str) -> Page {
        crate::poe::upload(&self.client, claim, &[("signed.pdf", crate::files::pdf(), "Signed PoE")]).await
    }

    pub async fn start_review(&self, claim: &str) -> Page {
        self.act(claim, "start-review", &[]).await
    }

    pub async fn approve(&self, claim: &str) -> Page {
        self.act(claim, "approve", &[]).await
    }

    pub async fn reject(&self, claim: &str, reason: RejectionReason, comment: &str) -> Page {
        self.act(claim, "reject", &[("reject_reason", reason.as_str()), ("reject_comment", comment)]).await
    }

    pub async fn request_information(&self, claim: &str, reasons: &[InfoReason], comment: &str) -> Page {
        let mut fields: Vec<(&str, &str)> = reasons.iter().map(|r| ("reason", r.as_str())).collect();
        fields.push(("info_comment", comment));
        self.act(claim, "request-information", &fields).await
    }

    pub async fn resubmit(&self, claim: &str, comment: &str) -> Page {
        self.act(claim, "resubmit", &[("resubmit_comment", comment)]).await
    }

    pub async fn withdraw(&self, claim: &str, reason: WithdrawReason) -> Page {
        self.act(claim, "withdraw", &[("withdraw_reason", reason.as_str())]).await
    }

    pub async fn dispute(&self, claim: &str, justification: &str) -> Page {
        self.act(claim, "dispute", &[("dispute_justification", justification)]).await
    }

    pub async fn comment(&self, claim: &str, text: &str) -> Page {
        self.client.post_pairs(&format!("/claims/{claim}/comments"), &[("comment", text)]).await
    }
}
