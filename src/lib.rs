//! The CPOR portal: partners claim customer associations, prove them with Proof of Execution,
//! reviewers decide. `domain` holds the rules, `db` the SQL, `web` the pages.

pub mod auth;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod live_durations;
pub mod mail;
pub mod metrics;
pub mod preview;
pub mod spreadsheet;
pub mod startup;
pub mod startup_failure;
pub mod storage;
pub mod sweeper;
pub mod web;
pub mod webhook_delivery;
