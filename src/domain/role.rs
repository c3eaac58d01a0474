//! Roles and the permission matrix of SPEC.md ("Who may do what").

/// The role of a signed-in person. Partner roles belong to one org; the program's own people
/// (reviewers and operators) to none. Its serialised name is its stored name (`as_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    GlobalAdmin,
    IncentivesAdmin,
    BillingAdmin,
    Reviewer,
    /// The program's administrators: orgs, reviewers, catalogue, calendar, mail, audit. They
    /// never see or decide claims.
    Operator,
}

/// Something a person may want to do; `Role::may` answers whether their role allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See the org's dashboard, claims, PoE, comments and history; export CSV.
    ViewOrgClaims,
    /// Create, edit, delete (in Editing), upload PoE, submit, resubmit.
    EditClaims,
    /// Comment on a claim.
    Comment,
    /// Request rejection (withdraw) and dispute.
    WithdrawOrDispute,
    /// Manage the org's users and roles.
    ManageUsers,
    /// Manage the org's API tokens and webhooks.
    ManageIntegrations,
    /// See the review queue and any submitted claim of any org; decide.
    Review,
    /// Program administration: orgs, applications, reviewers, products, calendar, mail, audit.
    Administer,
}

impl Role {
    pub const PARTNER_ROLES: [Role; 3] = [Role::GlobalAdmin, Role::IncentivesAdmin, Role::BillingAdmin];
    /// The program's own people, who belong to no org.
    pub const PROGRAM_ROLES: [Role; 2] = [Role::Reviewer, Role::Operator];
    pub const ALL: [Role; 5] = [Role::GlobalAdmin, Role::IncentivesAdmin, Role::BillingAdmin, Role::Reviewer, Role::Operator];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "global-admin",
            Role::IncentivesAdmin => "incentives-admin",
            Role::BillingAdmin => "billing-admin",
            Role::Reviewer => "reviewer",
            Role::Operator => "operator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "role-global-admin",
            Role::IncentivesAdmin => "role-incentives-admin",
            Role::BillingAdmin => "role-billing-admin",
            Role::Reviewer => "role-reviewer",
            Role::Operator => "role-operator",
        }
    }

    /// These roles as a form's choices: stored name and the translation key of the label.
    pub fn choices(roles: &[Role]) -> Vec<(&'static str, &'static str)> {
        roles.iter().map(|r| (r.as_str(), r.label_key())).collect()
    }

    /// Partner roles belong to an org; reviewers and operators belong to none.
    pub fn is_partner(self) -> bool {
        Role::PARTNER_ROLES.contains(&self)
    }

    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        matches!(
            (self, permission),
            (GlobalAdmin | IncentivesAdmin | BillingAdmin | Reviewer, Comment)
                | (GlobalAdmin, ViewOrgClaims | EditClaims | WithdrawOrDispute | ManageUsers | ManageIntegrations)
                | (IncentivesAdmin, ViewOrgClaims | EditClaims | WithdrawOrDispute)
                | (BillingAdmin, ViewOrgClaims)
                | (Reviewer, Review)
                | (Operator, Administer)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Permission::*;
    use super::Role::*;
    use super::*;

    #[test]
    fn the_matrix_matches_the_spec() {
        let rows = [
            (ViewOrgClaims, [true, true, true, false, false]),
            (EditClaims, [true, true, false, false, false]),
            (Comment, [true, true, true, true, false]),
            (WithdrawOrDispute, [true, true, false, false, false]),
            (ManageUsers, [true, false, false, false, false]),
            (ManageIntegrations, [true, false, false, false, false]),
            (Review, [false, false, false, true, false]),
            (Administer, [false, false, false, false, true]),
        ];
        for (permission, expected) in rows {
            for (role, allowed) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(role.may(permission), allowed, "{role:?} {permission:?}");
            }
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_string(&role).ok(), Some(format!("\"{}\"", role.as_str())), "serialised as stored");
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(!Reviewer.is_partner());
        assert!(!Operator.is_partner(), "operators belong to no org");
        assert!(Role::PARTNER_ROLES.iter().all(|r| r.is_partner()));
    }
}
