//! Business rules as pure code: no database, no HTTP. Everything here is tested beside it.

pub mod administration;
pub mod allowed;
pub mod api_token;
pub mod audit;
pub mod business_days;
pub mod claim;
pub mod claim_form;
pub mod claim_id;
pub mod contact;
pub mod dashboard_query;
pub mod guid;
pub mod import;
pub mod password_rules;
pub mod poe;
pub mod review_filter;
pub mod role;
pub mod service_levels;
pub mod service_report;
pub mod text;
pub mod two_step;
pub mod webhook;
pub mod workflow;
