//! The product catalogue: add, rename, retire (not offered on new claims, kept on old ones),
//! restore, and order within each solution area.

use super::{DoneQuery, Switch, confirmed, entry};
use crate::db::catalogue::{self, Product};
use crate::domain::administration;
use crate::domain::audit::AuditKind;
use crate::domain::claim::SolutionArea;
use crate::domain::claim_form::FieldErrors;
use crate::web::error::AppError;
use crate::web::page::{Page, ok, render, see_other};
use crate::web::posted::{NoFields, Posted};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/products.html")]
struct ProductsPage {
    page: Page,
    current: &'static str,
    /// Each solution area with its products in order.
    areas: Vec<(SolutionArea, Vec<Product>)>,
    code: String,
    typed_name: String,
    area: String,
    /// The product whose new name was refused: what was typed, and why.
    renaming: Option<(i64, String, &'static str)>,
    errors: FieldErrors,
    done: Option<&'static str>,
}

impl ProductsPage {
    pub fn area_options(&self) -> Vec<(&'static str, &'static str)> {
        SolutionArea::ALL.iter().map(|a| (a.as_str(), a.label_key())).collect()
    }

    /// The refused new name of this product, if it is the one.
    pub fn refused(&self, id: &i64) -> Option<&(i64, String, &'static str)> {
        self.renaming.as_ref().filter(|r| r.0 == *id)
    }
}

const DONE: [&str; 5] = ["product-added", "product-renamed", "product-retired", "product-restored", "product-moved"];

#[derive(Default)]
struct TypedProduct {
    code: String,
    name: String,
    area: String,
    renaming: Option<(i64, String, &'static str)>,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    typed: TypedProduct,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<ProductsPage, AppError> {
    let all = catalogue::all(&state.db).await?;
    let areas =
        SolutionArea::ALL.iter().map(|area| (*area, all.iter().filter(|p| p.solution_area == area.as_str()).cloned().collect())).collect();
    let TypedProduct { code, name, area, renaming } = typed;
    Ok(ProductsPage {
        page: Page::new(&user.visitor),
        current: "/admin/products",
        areas,
        code,
        typed_name: name,
        area,
        renaming,
        errors,
        done,
    })
}

#[get("/admin/products")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<DoneQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    ok(&page(&state, &user, TypedProduct::default(), FieldErrors::default(), confirmed(query.done.as_deref(), &DONE)).await?)
}

#[post("/admin/products")]
pub async fn add(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let mut errors = FieldErrors::default();
    let code = administration::product_code(&mut errors, posted.typed("product_code"));
    let name = administration::name(&mut errors, posted.typed("name"));
    let area = SolutionArea::parse(posted.typed("solution_area"));
    if area.is_none() {
        errors.add("solution_area", "error-choose-one");
    }
    if let (Some(area), true) = (area, errors.is_empty()) {
        let audit = entry(AuditKind::ProductAdded, &actor, &code, &name, None);
        if catalogue::add(&state.db, &code, &name, area, &audit, state.now()).await? {
            return Ok(see_other("/admin/products?done=product-added"));
        }
        errors.add("product_code", "error-product-code-taken");
    }
    let typed = TypedProduct {
        code: posted.typed("product_code").to_owned(),
        name: posted.typed("name").to_owned(),
        area: posted.typed("solution_area").to_owned(),
        renaming: None,
    };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, typed, errors, None).await?)
}

async fn product(state: &AppState, id: i64) -> Result<Product, AppError> {
    catalogue::find(&state.db, id).await?.ok_or(AppError::NotFound)
}

#[post("/admin/products/{id}/rename")]
pub async fn rename(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let product = product(&state, *path).await?;
    let mut errors = FieldErrors::default();
    let name = administration::name(&mut errors, posted.typed("name"));
    if let Some(why) = errors.get("name") {
        // Shown beside the product's own field.
        let typed = TypedProduct { renaming: Some((product.id, posted.typed("name").to_owned(), why)), ..TypedProduct::default() };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, typed, FieldErrors::default(), None).await?);
    }
    let detail = format!("{} → {name}", product.name);
    catalogue::rename(&state.db, product.id, &name, &entry(AuditKind::ProductRenamed, &actor, &product.code, &detail, None), state.now())
        .await?;
    Ok(see_other("/admin/products?done=product-renamed"))
}

/// Retires a product (not offered on new claims, kept on old ones), or offers it again.
#[post("/admin/products/{id}/{switch:(retire|restore)}")]
pub async fn set_retired(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<(i64, String)>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let product = product(&state, path.0).await?;
    let Switch(offered) = Switch::on(&path.1);
    let kind = if offered { AuditKind::ProductRestored } else { AuditKind::ProductRetired };
    catalogue::set_retired(&state.db, product.id, !offered, &entry(kind, &actor, &product.code, &product.name, None), state.now()).await?;
    Ok(see_other(if offered { "/admin/products?done=product-restored" } else { "/admin/products?done=product-retired" }))
}

/// Moves a product one place up or down within its area (`direction`: `up` or `down`).
#[post("/admin/products/{id}/move")]
pub async fn move_product(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let product = product(&state, *path).await?;
    let up = match posted.typed("direction") {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::BadRequest("error-page-bad-request")),
    };
    let detail = if up { "up" } else { "down" };
    catalogue::move_product(&state.db, product.id, up, &entry(AuditKind::ProductMoved, &actor, &product.code, detail, None), state.now())
        .await?;
    Ok(see_other("/admin/products?done=product-moved"))
}
