//! What the audit log records: the kinds of event about the program's people, orgs and settings.
//! Each is stored by its code and shown by its translated label.

/// A kind of audited event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditKind {
    SignIn,
    SignInFailed,
    InvitationSent,
    InvitationRevoked,
    InvitationAccepted,
    PasswordReset,
    RoleChanged,
    UserDeactivated,
    UserReactivated,
    TwoStepEnabled,
    TwoStepDisabled,
    OrgCreated,
    OrgRenamed,
    OrgDeactivated,
    OrgReactivated,
    MpnIdAdded,
    MpnIdRemoved,
    MpnIdRetired,
    ApplicationApproved,
    ApplicationRejected,
    ProductAdded,
    ProductRenamed,
    ProductRetired,
    ProductRestored,
    ProductMoved,
    HolidayAdded,
    HolidayRemoved,
    ServiceLevelChanged,
    MailRetried,
    ApiTokenCreated,
    ApiTokenRevoked,
    WebhookAdded,
    WebhookRemoved,
}

impl AuditKind {
    pub const ALL: [AuditKind; 33] = [
        AuditKind::SignIn,
        AuditKind::SignInFailed,
        AuditKind::InvitationSent,
        AuditKind::InvitationRevoked,
        AuditKind::InvitationAccepted,
        AuditKind::PasswordReset,
        AuditKind::RoleChanged,
        AuditKind::UserDeactivated,
        AuditKind::UserReactivated,
        AuditKind::TwoStepEnabled,
        AuditKind::TwoStepDisabled,
        AuditKind::OrgCreated,
        AuditKind::OrgRenamed,
        AuditKind::OrgDeactivated,
        AuditKind::OrgReactivated,
        AuditKind::MpnIdAdded,
        AuditKind::MpnIdRemoved,
        AuditKind::MpnIdRetired,
        AuditKind::ApplicationApproved,
        AuditKind::ApplicationRejected,
        AuditKind::ProductAdded,
        AuditKind::ProductRenamed,
        AuditKind::ProductRetired,
        AuditKind::ProductRestored,
        AuditKind::ProductMoved,
        AuditKind::HolidayAdded,
        AuditKind::HolidayRemoved,
        AuditKind::ServiceLevelChanged,
        AuditKind::MailRetried,
        AuditKind::ApiTokenCreated,
        AuditKind::ApiTokenRevoked,
        AuditKind::WebhookAdded,
        AuditKind::WebhookRemoved,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::SignIn => "sign-in",
            AuditKind::SignInFailed => "sign-in-failed",
            AuditKind::InvitationSent => "invitation-sent",
            AuditKind::InvitationRevoked => "invitation-revoked",
            AuditKind::InvitationAccepted => "invitation-accepted",
            AuditKind::PasswordReset => "password-reset",
            AuditKind::RoleChanged => "role-changed",
            AuditKind::UserDeactivated => "user-deactivated",
            AuditKind::UserReactivated => "user-reactivated",
            AuditKind::TwoStepEnabled => "two-step-enabled",
            AuditKind::TwoStepDisabled => "two-step-disabled",
            AuditKind::OrgCreated => "org-created",
            AuditKind::OrgRenamed => "org-renamed",
            AuditKind::OrgDeactivated => "org-deactivated",
            AuditKind::OrgReactivated => "org-reactivated",
            AuditKind::MpnIdAdded => "mpn-id-added",
            AuditKind::MpnIdRemoved => "mpn-id-removed",
            AuditKind::MpnIdRetired => "mpn-id-retired",
            AuditKind::ApplicationApproved => "application-approved",
            AuditKind::ApplicationRejected => "application-rejected",
            AuditKind::ProductAdded => "product-added",
            AuditKind::ProductRenamed => "product-renamed",
            AuditKind::ProductRetired => "product-retired",
            AuditKind::ProductRestored => "product-restored",
            AuditKind::ProductMoved => "product-moved",
            AuditKind::HolidayAdded => "holiday-added",
            AuditKind::HolidayRemoved => "holiday-removed",
            AuditKind::ServiceLevelChanged => "service-level-changed",
            AuditKind::MailRetried => "mail-retried",
            AuditKind::ApiTokenCreated => "api-token-created",
            AuditKind::ApiTokenRevoked => "api-token-revoked",
            AuditKind::WebhookAdded => "webhook-added",
            AuditKind::WebhookRemoved => "webhook-removed",
        }
    }

    pub fn parse(s: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The translation key of the kind's name.
    pub fn label_key(self) -> String {
        format!("audit-{}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_codes_and_are_distinct() {
        let mut codes = std::collections::HashSet::new();
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
            assert!(codes.insert(kind.as_str()), "{kind:?} has its own code");
        }
        assert_eq!(AuditKind::parse("sign-in "), None);
    }
}
