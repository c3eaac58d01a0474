-- The foundation: orgs, people, sessions, sign-in throttling, the product catalogue and claims.
-- Timestamps are UTC, stored as fixed-width RFC 3339 text (see src/db/timestamp.rs) so that text
-- order is time order.

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- A partner org's locations: every claim names one of them.
CREATE TABLE org_mpn_ids (
    org_id  INTEGER NOT NULL REFERENCES orgs (id),
    mpn_id  TEXT NOT NULL,
    PRIMARY KEY (org_id, mpn_id)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    -- NULL exactly for reviewers, who belong to no partner org.
    org_id         INTEGER REFERENCES orgs (id),
    -- Lower-cased; unique across the portal because it is the sign-in name.
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('global-admin', 'incentives-admin', 'billing-admin', 'reviewer')),
    -- argon2id PHC string.
    password_hash  TEXT NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TEXT NOT NULL,
    CHECK ((role = 'reviewer') = (org_id IS NULL))
);
CREATE INDEX users_by_org ON users (org_id, name);

-- Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
-- the database cannot be used to sign in. Deleting a row ends the session at once.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    -- The synchronizer token every form of this session carries.
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    -- Refreshed at most once a minute, for the idle timeout.
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);

-- Failed sign-ins, counted per account (as typed, lower-cased, whether or not it exists) and per
-- client address within a window. Shared through the database so every instance sees them.
CREATE TABLE sign_in_failures (
    id           INTEGER PRIMARY KEY,
    account      TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    failed_at    TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account, failed_at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (client_addr, failed_at);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    solution_area  TEXT NOT NULL CHECK (solution_area IN ('m365', 'bizapps')),
    sort_order     INTEGER NOT NULL
);

INSERT INTO products (code, name, solution_area, sort_order) VALUES
    ('exchange-online', 'Exchange Online', 'm365', 10),
    ('sharepoint-online', 'SharePoint Online', 'm365', 20),
    ('onedrive', 'OneDrive for Business', 'm365', 30),
    ('teams', 'Microsoft Teams', 'm365', 40),
    ('intune', 'Microsoft Intune', 'm365', 50),
    ('entra-id-p1', 'Microsoft Entra ID P1', 'm365', 60),
    ('entra-id-p2', 'Microsoft Entra ID P2', 'm365', 70),
    ('defender-office-365', 'Microsoft Defender for Office 365', 'm365', 80),
    ('m365-apps', 'Microsoft 365 Apps', 'm365', 90),
    ('d365-sales', 'Dynamics 365 Sales', 'bizapps', 110),
    ('d365-customer-service', 'Dynamics 365 Customer Service', 'bizapps', 120),
    ('d365-field-service', 'Dynamics 365 Field Service', 'bizapps', 130),
    ('d365-finance', 'Dynamics 365 Finance', 'bizapps', 140),
    ('d365-supply-chain', 'Dynamics 365 Supply Chain Management', 'bizapps', 150),
    ('d365-business-central', 'Dynamics 365 Business Central', 'bizapps', 160),
    ('power-apps', 'Power Apps', 'bizapps', 170),
    ('power-automate', 'Power Automate', 'bizapps', 180),
    ('power-bi', 'Power BI', 'bizapps', 190);

CREATE TABLE claims (
    id                       INTEGER PRIMARY KEY,
    -- The ID partners quote (CP-XXXX-XXXX), random so it reveals nothing about volumes.
    public_id                TEXT NOT NULL UNIQUE,
    org_id                   INTEGER NOT NULL REFERENCES orgs (id),
    name                     TEXT NOT NULL,
    mpn_id                   TEXT NOT NULL,
    solution_area            TEXT NOT NULL,
    activity                 TEXT NOT NULL,
    -- Follows from solution area and activity; stored for filtering and sorting.
    program                  TEXT NOT NULL,
    customer_name            TEXT NOT NULL,
    -- lower(customer_name): what search prefixes and the customer sort use.
    customer_key             TEXT NOT NULL,
    customer_domain          TEXT NOT NULL,
    tenant_id                TEXT NOT NULL,
    customer_contact_name    TEXT NOT NULL,
    customer_contact_title   TEXT NOT NULL,
    customer_contact_email   TEXT NOT NULL,
    -- Business Applications only.
    technical_contact_name   TEXT,
    technical_contact_title  TEXT,
    technical_contact_email  TEXT,
    partner_contact_name     TEXT NOT NULL,
    partner_contact_email    TEXT NOT NULL,
    partner_solution         TEXT NOT NULL,
    engagement_date          TEXT NOT NULL,
    commentary               TEXT NOT NULL DEFAULT '',
    -- The product names joined, so the dashboard needs no join per row.
    products_label           TEXT NOT NULL,
    status                   TEXT NOT NULL,
    created_by               INTEGER NOT NULL REFERENCES users (id),
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
);
-- One index per dashboard sort (keyset pagination walks it), plus search and the status tab.
CREATE INDEX claims_by_last_change ON claims (org_id, updated_at, id);
CREATE INDEX claims_by_public_id ON claims (org_id, public_id, id);
CREATE INDEX claims_by_name ON claims (org_id, name, id);
CREATE INDEX claims_by_customer ON claims (org_id, customer_key, id);
CREATE INDEX claims_by_domain ON claims (org_id, customer_domain, id);
CREATE INDEX claims_by_tenant ON claims (org_id, tenant_id, id);
CREATE INDEX claims_by_program ON claims (org_id, program, id);
CREATE INDEX claims_by_products ON claims (org_id, products_label, id);
CREATE INDEX claims_by_status ON claims (org_id, status, id);
CREATE INDEX claims_by_status_last_change ON claims (org_id, status, updated_at, id);
-- The review queue reads across orgs by status.
CREATE INDEX claims_review_queue ON claims (status, updated_at, id);

CREATE TABLE claim_products (
    claim_id         INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    product_id       INTEGER NOT NULL REFERENCES products (id),
    -- Business Applications: the customer's subscription holding this product, when several.
    subscription_id  TEXT,
    position         INTEGER NOT NULL,
    PRIMARY KEY (claim_id, product_id)
);

-- Claims per org and status, kept by triggers so the dashboard's counts cost one indexed read
-- whatever the number of claims.
CREATE TABLE claim_status_counts (
    org_id  INTEGER NOT NULL REFERENCES orgs (id),
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (org_id, status)
);

CREATE TRIGGER claims_count_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claim_status_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
        ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER claims_count_delete AFTER DELETE ON claims BEGIN
    UPDATE claim_status_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
END;

CREATE TRIGGER claims_count_status AFTER UPDATE OF status, org_id ON claims
WHEN OLD.status <> NEW.status OR OLD.org_id <> NEW.org_id BEGIN
    UPDATE claim_status_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
    INSERT INTO claim_status_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
        ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;

-- Facts about the installation, such as whether the demo data was loaded.
CREATE TABLE portal_facts (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
