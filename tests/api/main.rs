//! Integration tests: the real server on port 0, a fresh database per test (SQLite by default,
//! PostgreSQL when CPOR_TEST_DATABASE_URL names a server), and a typed client per kind of caller.

// Tests may stop at the first surprise: unwrap and expect are the point here.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod files;
mod helpers;

mod accounts;
mod admin;
mod api_v1;
mod backup;
mod browser;
mod claim_form;
mod cli;
mod consent;
mod csrf;
mod dashboard;
mod deadlines;
mod demo;
mod export;
mod headers;
mod health;
mod import;
mod instances;
mod mail;
mod people;
mod poe;
mod review_queue;
mod roles;
mod security;
mod sessions;
mod sign_in;
mod smtp;
mod sso;
mod submit;
mod two_step;
mod users;
mod webhooks;
mod workflow;
