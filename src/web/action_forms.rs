//! The forms of the claim page's actions, parsed into their types.

use super::error::AppError;
use super::posted::{Fields, FromFields};
use crate::domain::poe::SelfCheckItem;
use crate::domain::workflow::{InfoReason, RejectionReason, WithdrawReason};

/// Start review: the revision alone.
pub struct StartReviewForm {
    pub revision: i64,
}

impl FromFields for StartReviewForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(StartReviewForm { revision: f.revision()? })
    }
}

/// Approve, with an optional note.
pub struct ApproveForm {
    pub revision: i64,
    pub comment: String,
}

impl FromFields for ApproveForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(ApproveForm { revision: f.revision()?, comment: f.get("approve_comment").to_owned() })
    }
}

/// Reject: one of the reviewers' reasons (none when not chosen), and a comment.
pub struct RejectForm {
    pub revision: i64,
    pub reason: Option<RejectionReason>,
    pub comment: String,
}

impl FromFields for RejectForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        let reason = RejectionReason::parse(f.get("reject_reason")).filter(|r| RejectionReason::FOR_REVIEWERS.contains(r));
        Ok(RejectForm { revision: f.revision()?, reason, comment: f.get("reject_comment").to_owned() })
    }
}

/// Request more information: the reasons ticked, products to remove (codes), a comment.
pub struct RequestInformationForm {
    pub revision: i64,
    pub reasons: Vec<InfoReason>,
    pub remove_products: Vec<String>,
    pub comment: String,
}

impl FromFields for RequestInformationForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(RequestInformationForm {
            revision: f.revision()?,
            reasons: f.all("reason").into_iter().filter_map(InfoReason::parse).collect(),
            remove_products: f.all("remove_product").into_iter().map(str::to_owned).collect(),
            comment: f.get("info_comment").to_owned(),
        })
    }
}

/// Resubmit, with an optional note.
pub struct ResubmitForm {
    pub revision: i64,
    pub comment: String,
}

impl FromFields for ResubmitForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(ResubmitForm { revision: f.revision()?, comment: f.get("resubmit_comment").to_owned() })
    }
}

/// Request rejection: the reason (none when not chosen).
pub struct WithdrawForm {
    pub revision: i64,
    pub reason: Option<WithdrawReason>,
}

impl FromFields for WithdrawForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(WithdrawForm { revision: f.revision()?, reason: WithdrawReason::parse(f.get("withdraw_reason")) })
    }
}

/// Dispute: the business justification (may be empty when an updated PoE backs it).
pub struct DisputeForm {
    pub revision: i64,
    pub justification: String,
}

impl FromFields for DisputeForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(DisputeForm { revision: f.revision()?, justification: f.get("dispute_justification").to_owned() })
    }
}

/// Submit: the self-check's answers. Submission is idempotent, so the revision is optional; one
/// that is sent must parse.
pub struct SubmitForm {
    pub revision: Option<i64>,
    pub answers: [bool; 5],
}

impl FromFields for SubmitForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        let revision = if f.get("revision").is_empty() { None } else { Some(f.revision()?) };
        Ok(SubmitForm { revision, answers: SelfCheckItem::ALL.map(|item| f.get(item.as_str()) == "yes") })
    }
}

/// A comment on a claim.
pub struct CommentForm {
    pub comment: String,
}

impl FromFields for CommentForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(CommentForm { comment: f.get("comment").to_owned() })
    }
}

/// A reviewers' internal note.
pub struct NoteForm {
    pub note: String,
}

impl FromFields for NoteForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(NoteForm { note: f.get("note").to_owned() })
    }
}

/// Sign in: the e-mail as typed (trimmed), the password, and where to go afterwards (a path on
/// this site; a control character in it is a 400).
pub struct SignInForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

impl FromFields for SignInForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(SignInForm {
            email: f.get("email").trim().to_owned(),
            password: f.get("password").to_owned(),
            next: super::local_path::safe_next(f.get("next"))?,
        })
    }
}

/// The language switch: one of the five (anything else is a 400), and where to come back to.
pub struct LanguageForm {
    pub locale: crate::i18n::Locale,
    pub next: String,
}

impl FromFields for LanguageForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        let locale = crate::i18n::Locale::from_tag(f.get("lang")).ok_or(AppError::BadRequest("error-page-bad-request"))?;
        Ok(LanguageForm { locale, next: super::local_path::safe_next(f.get("next"))? })
    }
}

/// A person to invite to the org: e-mail, name and role as typed (judged with errors beside them).
pub struct NewUserForm {
    pub email: String,
    pub name: String,
    pub role: String,
}

impl FromFields for NewUserForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(NewUserForm { email: f.get("email").trim().to_owned(), name: f.get("name").trim().to_owned(), role: f.get("role").to_owned() })
    }
}

/// A user's new role: one of the partner roles (anything else is a 400).
pub struct RoleForm {
    pub role: crate::domain::role::Role,
}

impl FromFields for RoleForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        let role =
            crate::domain::role::Role::parse(f.get("role")).filter(|r| r.is_partner()).ok_or(AppError::BadRequest("error-choose-one"))?;
        Ok(RoleForm { role })
    }
}

/// The claim form, as typed.
impl FromFields for crate::domain::claim_form::ClaimFormInput {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(crate::domain::claim_form::ClaimFormInput::from_pairs(f.0.to_vec()))
    }
}

/// A claim's fields as typed, with the revision the form was filled from (edit and update).
/// The revision is judged after the claim is found, so another org's claim stays a 404.
pub struct ClaimEditForm {
    revision: Option<i64>,
    pub input: crate::domain::claim_form::ClaimFormInput,
}

impl ClaimEditForm {
    /// The revision; missing or malformed is a 400.
    pub fn revision(&self) -> Result<i64, AppError> {
        self.revision.ok_or(AppError::BadRequest("error-page-bad-request"))
    }
}

impl FromFields for ClaimEditForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(ClaimEditForm { revision: f.revision().ok(), input: crate::domain::claim_form::ClaimFormInput::from_fields(f)? })
    }
}

/// A new password, typed twice.
pub struct NewPasswordForm {
    pub password: String,
    pub confirm: String,
}

impl FromFields for NewPasswordForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(NewPasswordForm { password: f.get("password").to_owned(), confirm: f.get("password_confirm").to_owned() })
    }
}

/// Change password: the current one, and the new one twice.
pub struct ChangePasswordForm {
    pub current: String,
    pub new: NewPasswordForm,
}

impl FromFields for ChangePasswordForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(ChangePasswordForm { current: f.get("current_password").to_owned(), new: NewPasswordForm::from_fields(f)? })
    }
}

/// "Forgot your password?": the address as typed.
pub struct ForgotForm {
    pub email: String,
}

impl FromFields for ForgotForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(ForgotForm { email: f.get("email").trim().to_owned() })
    }
}

/// A verification code, or a recovery code, as typed.
pub struct CodeForm {
    pub code: String,
}

impl FromFields for CodeForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(CodeForm { code: f.get("code").trim().to_owned() })
    }
}

/// Turning two-step verification off: the password.
pub struct PasswordOnlyForm {
    pub password: String,
}

impl FromFields for PasswordOnlyForm {
    fn from_fields(f: &Fields) -> Result<Self, AppError> {
        Ok(PasswordOnlyForm { password: f.get("current_password").to_owned() })
    }
}
