//! The HTTP layer: one file per page or action, all of them behind the same middleware.

pub mod account;
pub mod action_forms;
pub mod admin;
pub mod allowed;
pub mod api;
pub mod api_tokens;
pub mod apply;
pub mod assignment;
pub mod chart;
pub mod claim_form;
pub mod claim_page;
pub mod comments;
pub mod consent;
pub mod dashboard;
pub mod done;
pub mod error;
pub mod error_pages;
pub mod export;
pub mod form;
pub mod headers;
pub mod history;
pub mod home;
pub mod import;
pub mod language;
pub mod local_path;
pub mod page;
pub mod partner_actions;
pub mod password_pages;
pub mod poe_files;
pub mod poe_preview;
pub mod poe_template;
pub mod poe_upload;
pub mod posted;
pub mod review_actions;
pub mod review_queue;
pub mod service_levels;
pub mod session_key;
pub mod session_store;
pub mod sign_in;
pub mod sso;
pub mod state;
pub mod static_files;
pub mod submit;
pub mod two_step;
pub mod users;
pub mod visitor;
pub mod webhooks;
pub mod workflow_action;

use actix_web::web;

/// Every route of the portal. More specific paths come before `/claims/{id}`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(home::home)
        .service(sign_in::show)
        .service(sign_in::submit)
        .service(sign_in::sign_out)
        .service(language::choose)
        .service(dashboard::customer_associations)
        // The pages people use all day come first: a request is tested against each route in
        // turn, and each one with a `{parameter}` costs a regular-expression match.
        .service(review_queue::queue)
        .service(export::export)
        .service(import::show)
        .service(import::template)
        .service(import::upload)
        .service(import::failed_csv)
        .service(import::review)
        .service(import::create)
        .service(claim_form::new_form)
        .service(claim_form::create)
        .service(claim_form::edit_form)
        .service(claim_form::update)
        .service(poe_upload::upload)
        .service(poe_preview::show)
        .service(poe_preview::page_image)
        .service(poe_files::download)
        .service(poe_files::remove)
        .service(poe_template::show)
        .service(submit::submit)
        .service(review_actions::start_review)
        .service(review_actions::request_information)
        .service(review_actions::approve)
        .service(review_actions::reject)
        .service(partner_actions::resubmit)
        .service(partner_actions::withdraw)
        .service(partner_actions::dispute)
        .service(comments::add)
        .service(comments::add_note)
        .service(assignment::assign_claim)
        .service(history::show)
        .service(consent::open)
        .service(consent::confirm)
        .service(consent::deny)
        .service(claim_form::update_form)
        .service(claim_form::limited_update)
        .service(claim_page::confirm_delete)
        .service(claim_page::delete)
        .service(claim_page::show)
        .service(users::list)
        .service(api_tokens::list)
        .service(api_tokens::create)
        .service(api_tokens::revoke)
        .service(webhooks::list)
        .service(webhooks::add)
        .service(webhooks::test)
        .service(webhooks::remove)
        .service(sso::start)
        .service(sso::callback)
        .service(two_step::show)
        .service(two_step::confirm)
        .service(two_step::disable)
        .service(two_step::code_form)
        .service(two_step::check_code)
        .service(two_step::cancel)
        .service(account::show)
        .service(account::change_password)
        .service(account::end_others)
        .service(password_pages::invitation_form)
        .service(password_pages::accept)
        .service(password_pages::forgot)
        .service(password_pages::send_reset)
        .service(password_pages::reset_form)
        .service(password_pages::reset)
        .service(users::invite)
        .service(users::resend)
        .service(users::revoke)
        .service(users::change_role)
        .service(users::deactivate)
        .service(users::reactivate)
        .service(service_levels::show)
        .service(review_queue::save_view)
        .service(review_queue::delete_view)
        .service(review_queue::bulk)
        .service(apply::form)
        .service(apply::submit)
        .service(admin::overview::show)
        .service(admin::orgs::list)
        .service(admin::orgs::create)
        .service(admin::orgs::show)
        .service(admin::orgs::rename)
        .service(admin::orgs::add_mpn_ids)
        .service(admin::orgs::remove_mpn_id)
        .service(admin::orgs::set_active)
        .service(admin::orgs::invite)
        .service(admin::orgs::revoke)
        .service(admin::applications::list)
        .service(admin::applications::approve)
        .service(admin::applications::reject)
        .service(admin::people::list)
        .service(admin::people::invite)
        .service(admin::people::revoke)
        .service(admin::people::set_active)
        .service(admin::products::list)
        .service(admin::products::add)
        .service(admin::products::rename)
        .service(admin::products::set_retired)
        .service(admin::products::move_product)
        .service(admin::calendar::show)
        .service(admin::calendar::add_holiday)
        .service(admin::calendar::remove_holiday)
        .service(admin::calendar::save_levels)
        .service(admin::mail::list)
        .service(admin::mail::retry)
        .service(admin::audit::show)
        .service(admin::audit::export);
}
