//! The JSON API under /api/v1 with tokens from the API tokens page: every endpoint for every kind
//! of caller, problems as RFC 9457, Idempotency-Key, throttling, and the OpenAPI document checked
//! against real responses.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A claim's fields as JSON, the same claim as `valid_claim_form`.
pub fn claim_json() -> Value {
    let mut object = serde_json::Map::new();
    let mut products = Vec::new();
    for (key, value) in valid_claim_form() {
        if key == "product" {
            products.push(json!({ "code": value }));
        } else {
            object.insert(key, Value::String(value));
        }
    }
    object.insert("products".into(), Value::Array(products));
    Value::Object(object)
}

/// Creates a token on the API tokens page as `caller` and returns its secret, shown once.
pub async fn create_token(app: &TestApp, caller: Caller, scope: &str, days: &str) -> String {
    let admin = app.client(caller).await;
    let page = admin.post_pairs("/api-tokens", &[("name", &format!("{scope} token")), ("scope", scope), ("days", days)]).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let marker = "id=\"new-token\" class=\"secret\" type=\"text\" readonly value=\"";
    let start = page.body.find(marker).expect("the secret is shown") + marker.len();
    page.body[start..].split('"').next().expect("secret").to_owned()
}

pub struct Api {
    base: String,
    token: String,
    http: reqwest::Client,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
}

impl Api {
    pub fn new(app: &TestApp, token: &str) -> Api {
        Api { base: format!("{}/api/v1", app.address), token: token.to_owned(), http: reqwest::Client::new() }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.bearer_auth(&self.token).send().await.expect("API request");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let json = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Answer { status, headers, json }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body)).await
    }

    pub async fn post_with_key(&self, path: &str, body: &Value, key: &str) -> Answer {
        self.send(self.http.post(format!("{}{path}", self.base)).header("Idempotency-Key", key).json(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.send(self.http.patch(format!("{}{path}", self.base)).json(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.http.delete(format!("{}{path}", self.base))).await
    }

    pub async fn upload(&self, claim: &str, name: &str, bytes: Vec<u8>) -> Answer {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new().part("file-1", part).text("description-1", "Signed PoE");
        self.send(self.http.post(format!("{}/claims/{claim}/poe", self.base)).multipart(form)).await
    }
}

fn self_check_all() -> Value {
    json!({ "self_check": ["customer_signature", "dates_recent", "partner_solution", "products_named", "belongs_to_customer"] })
}

fn is_problem(answer: &Answer, status: StatusCode) {
    assert_eq!(answer.status, status, "{}", answer.json);
    let content_type = answer.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(content_type, "application/problem+json", "{}", answer.json);
    assert_eq!(answer.json["status"], status.as_u16(), "{}", answer.json);
    assert!(answer.json["type"].as_str().is_some_and(|t| t.starts_with("https://")), "{}", answer.json);
    assert!(answer.json["title"].as_str().is_some_and(|t| !t.is_empty()), "{}", answer.json);
}

#[tokio::test]
async fn a_script_creates_a_claim_uploads_poe_submits_it_and_follows_its_status() {
    let app = spawn_app().await;
    let api = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read-write", "30").await);
    let created = api.post("/claims", &claim_json()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_str().expect("id").to_owned();
    assert_eq!(created.headers.get("location").and_then(|v| v.to_str().ok()), Some(format!("/api/v1/claims/{id}").as_str()));
    assert_eq!(created.json["status"], "editing");
    assert!(created.json["allowed_actions"].as_array().expect("actions").contains(&json!("upload-poe")));
    let uploaded = api.upload(&id, "signed.pdf", crate::files::pdf()).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.json);
    let file = &uploaded.json[0];
    assert_eq!(file["kind"], "pdf");
    let download = reqwest::Client::new()
        .get(format!("{}{}", app.address, file["href"].as_str().expect("href")))
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("download");
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.expect("bytes").to_vec(), crate::files::pdf());
    let submitted = api.post(&format!("/claims/{id}/submit"), &self_check_all()).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.json);
    assert_eq!(submitted.json["status"], "submitted");
    // A reviewer decides on the pages; the script sees it.
    let reviewer = app.person(Caller::Reviewer).await;
    assert_eq!(reviewer.start_review(&id).await.status, StatusCode::SEE_OTHER);
    assert_eq!(reviewer.approve(&id).await.status, StatusCode::SEE_OTHER);
    let followed = api.get(&format!("/claims/{id}")).await;
    assert_eq!(followed.json["status"], "approved");
    let listed = api.get("/claims?status=approved").await;
    assert_eq!(listed.json["items"][0]["id"], id.as_str());
    let history = api.get(&format!("/claims/{id}/history")).await;
    let actions: Vec<&str> = history.json.as_array().expect("entries").iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"submitted") && actions.contains(&"approved"), "{actions:?}");
    assert!(history.json.to_string().contains("(API: read-write token)"), "the history says the token acted");
}

#[tokio::test]
async fn every_endpoint_answers_each_kind_of_caller_as_the_pages_would() {
    let app = spawn_app().await;
    let writer = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read-write", "30").await);
    let reader = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read", "30").await);
    let other = Api::new(&app, &create_token(&app, Caller::OtherOrgAdmin, "read-write", "30").await);
    let revoked_secret = create_token(&app, Caller::GlobalAdmin, "read-write", "30").await;
    let expiring = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read-write", "1").await);
    let nobody = Api::new(&app, "cpor_0000000000000000000000000000000000000000000000000000000000000000");
    let garbage = Api::new(&app, "not-a-token");
    // Revoke one on the page.
    let admin = app.client(Caller::GlobalAdmin).await;
    let page = admin.get("/api-tokens").await;
    assert!(!page.body.contains(&revoked_secret), "a secret is never shown again");
    let hint = &revoked_secret[..12];
    let row = page.body.split("<tr>").find(|r| r.contains(hint)).expect("its row");
    let id: String = row.split("/api-tokens/").nth(1).expect("revoke form").chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(admin.post_pairs(&format!("/api-tokens/{id}/revoke"), &[]).await.status, StatusCode::SEE_OTHER);
    let revoked = Api::new(&app, &revoked_secret);

    let claim = writer.post("/claims", &claim_json()).await.json["id"].as_str().expect("id").to_owned();
    let reads = [
        "/claims".to_owned(),
        format!("/claims/{claim}"),
        format!("/claims/{claim}/poe"),
        format!("/claims/{claim}/comments"),
        format!("/claims/{claim}/history"),
    ];
    for path in &reads {
        assert_eq!(writer.get(path).await.status, StatusCode::OK, "{path}");
        assert_eq!(reader.get(path).await.status, StatusCode::OK, "{path}");
        for (who, api) in [("revoked", &revoked), ("unknown", &nobody), ("malformed", &garbage)] {
            let answer = api.get(path).await;
            is_problem(&answer, StatusCode::UNAUTHORIZED);
            assert!(answer.headers.contains_key("www-authenticate"), "{who} {path}");
        }
        if path != "/claims" {
            is_problem(&other.get(path).await, StatusCode::NOT_FOUND);
        }
    }
    assert_eq!(other.get("/claims").await.json["items"].as_array().map(Vec::len), Some(0), "another org's list is its own");
    // A read token changes nothing.
    is_problem(&reader.post("/claims", &claim_json()).await, StatusCode::FORBIDDEN);
    is_problem(&reader.patch(&format!("/claims/{claim}"), &json!({ "name": "x" })).await, StatusCode::FORBIDDEN);
    is_problem(&reader.delete(&format!("/claims/{claim}")).await, StatusCode::FORBIDDEN);
    is_problem(&reader.upload(&claim, "a.pdf", crate::files::pdf()).await, StatusCode::FORBIDDEN);
    is_problem(&reader.post(&format!("/claims/{claim}/comments"), &json!({ "text": "hi" })).await, StatusCode::FORBIDDEN);
    is_problem(&reader.post(&format!("/claims/{claim}/submit"), &self_check_all()).await, StatusCode::FORBIDDEN);
    assert_eq!(reader.get(&format!("/claims/{claim}")).await.json["allowed_actions"], json!([]));
    // Another org's token cannot touch it.
    for answer in [
        other.patch(&format!("/claims/{claim}"), &claim_json()).await,
        other.delete(&format!("/claims/{claim}")).await,
        other.upload(&claim, "a.pdf", crate::files::pdf()).await,
        other.post(&format!("/claims/{claim}/submit"), &self_check_all()).await,
        other.post(&format!("/claims/{claim}/comments"), &json!({ "text": "hi" })).await,
    ] {
        is_problem(&answer, StatusCode::NOT_FOUND);
    }
    // The writer: update in Editing, a comment, submit needs PoE, then a limited update.
    let mut renamed = claim_json();
    renamed["name"] = json!("Renamed through the API");
    let updated = writer.patch(&format!("/claims/{claim}"), &renamed).await;
    assert_eq!((updated.status, updated.json["name"].as_str()), (StatusCode::OK, Some("Renamed through the API")));
    assert_eq!(writer.post(&format!("/claims/{claim}/comments"), &json!({ "text": "From our CRM" })).await.status, StatusCode::CREATED);
    let no_poe = writer.post(&format!("/claims/{claim}/submit"), &self_check_all()).await;
    is_problem(&no_poe, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_poe.json["errors"][0]["field"], "poe");
    assert_eq!(writer.upload(&claim, "signed.pdf", crate::files::pdf()).await.status, StatusCode::CREATED);
    let unchecked = writer.post(&format!("/claims/{claim}/submit"), &json!({ "self_check": ["dates_recent"] })).await;
    is_problem(&unchecked, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(writer.post(&format!("/claims/{claim}/submit"), &self_check_all()).await.status, StatusCode::OK);
    is_problem(&writer.delete(&format!("/claims/{claim}")).await, StatusCode::CONFLICT);
    let mut limited = renamed.clone();
    limited["name"] = json!("Not changeable once submitted");
    limited["commentary"] = json!("Contact changed");
    let after = writer.patch(&format!("/claims/{claim}"), &limited).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.json);
    assert_eq!(
        (after.json["name"].as_str(), after.json["commentary"].as_str()),
        (Some("Renamed through the API"), Some("Contact changed"))
    );
    is_problem(&writer.patch(&format!("/claims/{claim}"), &json!({ "revision": 1, "commentary": "stale" })).await, StatusCode::CONFLICT);
    // Request rejection, then the claim is closed to it.
    let withdrawn = writer.post(&format!("/claims/{claim}/request-rejection"), &json!({ "reason": "wrong-mpn" })).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.json);
    is_problem(&writer.post(&format!("/claims/{claim}/dispute"), &json!({ "justification": "x" })).await, StatusCode::CONFLICT);
    is_problem(&writer.post(&format!("/claims/{claim}/resubmit"), &json!({})).await, StatusCode::CONFLICT);
    // A fresh draft is deleted.
    let draft = writer.post("/claims", &claim_json()).await.json["id"].as_str().expect("id").to_owned();
    assert_eq!(writer.delete(&format!("/claims/{draft}")).await.status, StatusCode::NO_CONTENT);
    is_problem(&writer.get(&format!("/claims/{draft}")).await, StatusCode::NOT_FOUND);
    // An expired token stops at its expiry.
    assert_eq!(expiring.get("/claims").await.status, StatusCode::OK);
    app.clock.advance(chrono::Duration::days(1));
    is_problem(&expiring.get("/claims").await, StatusCode::UNAUTHORIZED);
    // Only a global admin manages tokens.
    assert_eq!(app.client(Caller::IncentivesAdmin).await.get("/api-tokens").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_input_gets_a_problem_with_each_field_in_the_callers_language() {
    let app = spawn_app().await;
    let api = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read-write", "30").await);
    let mut bad = claim_json();
    bad["customer_contact_email"] = json!("not an address");
    bad["engagement_date"] = json!("yesterday");
    bad["products"] = json!([{ "code": "no-such-product" }]);
    let answer = api.post("/claims", &bad).await;
    is_problem(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = answer.json["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    for field in ["customer_contact_email", "engagement_date", "products"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert_eq!(app.claim_count().await, 0, "nothing created");
    let german = reqwest::Client::new()
        .post(format!("{}/api/v1/claims", app.address))
        .bearer_auth(&api.token)
        .header("Accept-Language", "de")
        .json(&bad)
        .send()
        .await
        .expect("post");
    let problem: Value = german.json().await.expect("json");
    assert_ne!(problem["title"], answer.json["title"], "translated: {problem}");
    // Unknown fields, malformed JSON, a huge body, an unknown route: problems too.
    let mut unknown = claim_json();
    unknown["password_hash"] = json!("x");
    is_problem(&api.post("/claims", &unknown).await, StatusCode::BAD_REQUEST);
    let raw = |body: &'static str| {
        reqwest::Client::new()
            .post(format!("{}/api/v1/claims", app.address))
            .bearer_auth(&api.token)
            .header("content-type", "application/json")
            .body(body)
    };
    assert_eq!(raw("{").send().await.expect("send").status(), StatusCode::BAD_REQUEST);
    let huge = json!({ "name": "x".repeat(300 * 1024) });
    is_problem(&api.post("/claims", &huge).await, StatusCode::PAYLOAD_TOO_LARGE);
    is_problem(&api.get("/nothing-here").await, StatusCode::NOT_FOUND);
    // A refused file names why.
    let claim = api.post("/claims", &claim_json()).await.json["id"].as_str().expect("id").to_owned();
    let refused = api.upload(&claim, "run.exe", b"MZ\x90\x00 program".to_vec()).await;
    is_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json["errors"][0]["field"], "files");
}

#[tokio::test]
async fn an_idempotency_key_makes_a_retried_post_safe() {
    let app = spawn_app().await;
    let api = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read-write", "30").await);
    let first = api.post_with_key("/claims", &claim_json(), "order-4711").await;
    let again = api.post_with_key("/claims", &claim_json(), "order-4711").await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!((again.status, &again.json["id"]), (StatusCode::CREATED, &first.json["id"]), "the same answer");
    assert_eq!(again.headers.get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(again.headers.get("location"), first.headers.get("location"));
    assert_eq!(app.claim_count().await, 1, "created once");
    let mut other = claim_json();
    other["name"] = json!("Another claim");
    is_problem(&api.post_with_key("/claims", &other, "order-4711").await, StatusCode::CONFLICT);
    is_problem(&api.post_with_key("/claims", &other, "bad key with spaces").await, StatusCode::BAD_REQUEST);
    // A refused request is answered the same way again, and changes nothing either time.
    let mut bad = claim_json();
    bad["customer_contact_email"] = json!("nope");
    assert_eq!(api.post_with_key("/claims", &bad, "bad-1").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.post_with_key("/claims", &bad, "bad-1").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.claim_count().await, 1);
}

#[tokio::test]
async fn each_token_is_throttled_on_its_own() {
    let app = spawn_app_with(|s| s.api_requests_per_minute = 20).await;
    let busy = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read", "30").await);
    let calm = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read", "30").await);
    let mut throttled = None;
    for _ in 0..10 {
        let answer = busy.get("/claims").await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some(answer);
            break;
        }
    }
    let answer = throttled.expect("throttled within the burst");
    is_problem(&answer, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = answer.headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(calm.get("/claims").await.status, StatusCode::OK, "another token is not slowed");
}

/// The properties a schema of the OpenAPI document requires and allows.
fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

fn conforms(doc: &Value, name: &str, value: &Value) {
    let schema = schema(doc, name);
    let properties = schema["properties"].as_object().unwrap_or_else(|| panic!("{name} in the document"));
    let object = value.as_object().unwrap_or_else(|| panic!("{name}: an object, got {value}"));
    for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        assert!(object.contains_key(required), "{name}.{required} is required and missing in {value}");
    }
    for key in object.keys() {
        assert!(properties.contains_key(key), "{name} does not document {key}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_real_responses() {
    let app = spawn_app().await;
    let doc: Value = reqwest::get(format!("{}/api/v1/openapi.json", app.address)).await.expect("get").json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/claims",
        "/api/v1/claims/{id}",
        "/api/v1/claims/{id}/poe",
        "/api/v1/claims/{id}/poe/{file}",
        "/api/v1/claims/{id}/submit",
        "/api/v1/claims/{id}/resubmit",
        "/api/v1/claims/{id}/request-rejection",
        "/api/v1/claims/{id}/dispute",
        "/api/v1/claims/{id}/comments",
        "/api/v1/claims/{id}/history",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");
    let api = Api::new(&app, &create_token(&app, Caller::GlobalAdmin, "read-write", "30").await);
    let claim = api.post("/claims", &claim_json()).await;
    conforms(&doc, "Claim", &claim.json);
    let id = claim.json["id"].as_str().expect("id").to_owned();
    conforms(&doc, "ClaimPage", &api.get("/claims").await.json);
    conforms(&doc, "ClaimSummary", &api.get("/claims").await.json["items"][0]);
    conforms(&doc, "PoeFile", &api.upload(&id, "signed.pdf", crate::files::pdf()).await.json[0]);
    conforms(&doc, "HistoryEntry", &api.post(&format!("/claims/{id}/comments"), &json!({ "text": "hello" })).await.json[0]);
    conforms(&doc, "HistoryEntry", &api.get(&format!("/claims/{id}/history")).await.json[0]);
    let problem = api.post("/claims", &json!({})).await;
    conforms(&doc, "Problem", &problem.json);
    conforms(&doc, "FieldProblem", &problem.json["errors"][0]);
    // And the page that tells a developer how to start.
    let docs = Client::new(&app).get("/api/v1/docs").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.body.contains("/api/v1/openapi.json") && docs.body.contains("Idempotency-Key"));
}
