-- no-transaction
-- Program administration: the operator role, orgs that can be deactivated, MPN IDs and products
-- that can be retired, partner applications, the calendar and service levels kept in the database,
-- and the audit log.
--
-- SQLite cannot change a CHECK constraint, so `users` and `invitations` are rebuilt (the documented
-- twelve-step procedure), with foreign keys off while the tables are swapped.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    -- NULL exactly for the program's own people (reviewers and operators), who belong to no org.
    org_id         INTEGER REFERENCES orgs (id),
    -- Lower-cased; unique across the portal because it is the sign-in name.
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('global-admin', 'incentives-admin', 'billing-admin', 'reviewer', 'operator')),
    -- argon2id PHC string.
    password_hash  TEXT NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TEXT NOT NULL,
    locale               TEXT,
    totp_pending_secret  TEXT,
    totp_secret          TEXT,
    totp_enabled_at      TEXT,
    totp_last_step       INTEGER,
    CHECK ((role IN ('reviewer', 'operator')) = (org_id IS NULL))
);
INSERT INTO users_new (id, org_id, email, name, role, password_hash, active, created_at, locale, totp_pending_secret, totp_secret,
        totp_enabled_at, totp_last_step)
    SELECT id, org_id, email, name, role, password_hash, active, created_at, locale, totp_pending_secret, totp_secret,
        totp_enabled_at, totp_last_step FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_by_org ON users (org_id, name);
CREATE INDEX users_by_role ON users (role, name);

CREATE TABLE invitations_new (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT UNIQUE,
    email        TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('global-admin', 'incentives-admin', 'billing-admin', 'reviewer', 'operator')),
    org_id       INTEGER REFERENCES orgs (id),
    invited_by   INTEGER REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    accepted_at  TEXT,
    revoked_at   TEXT,
    CHECK ((role IN ('reviewer', 'operator')) = (org_id IS NULL))
);
INSERT INTO invitations_new SELECT id, token_hash, email, name, role, org_id, invited_by, created_at, expires_at, accepted_at, revoked_at
    FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_new RENAME TO invitations;
CREATE INDEX invitations_by_org ON invitations (org_id, accepted_at, revoked_at);
CREATE INDEX invitations_by_email ON invitations (email);

-- A deactivated org's people cannot sign in.
ALTER TABLE orgs ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
-- An MPN ID belongs to one org. One that a claim names is retired, never removed: it stays on
-- its claims and is not offered on new ones.
ALTER TABLE org_mpn_ids ADD COLUMN retired_at TEXT;
CREATE UNIQUE INDEX org_mpn_ids_unique ON org_mpn_ids (mpn_id);
CREATE INDEX claims_by_mpn_id ON claims (mpn_id);
-- A retired product is not offered on new claims and stays on old ones.
ALTER TABLE products ADD COLUMN retired_at TEXT;

-- An org asking for access from the public page; an operator approves (the org is created and
-- the applicant invited as its global admin) or rejects it with a reason.
CREATE TABLE partner_applications (
    id               INTEGER PRIMARY KEY,
    org_name         TEXT NOT NULL,
    mpn_id           TEXT NOT NULL,
    applicant_name   TEXT NOT NULL,
    applicant_email  TEXT NOT NULL,
    -- The language the applicant used, for the answer.
    locale           TEXT NOT NULL,
    client_addr      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by       INTEGER REFERENCES users (id),
    decided_at       TEXT,
    reason           TEXT,
    org_id           INTEGER REFERENCES orgs (id)
);
CREATE INDEX partner_applications_by_status ON partner_applications (status, id);
CREATE INDEX partner_applications_by_address ON partner_applications (client_addr, created_at);

-- The service-level durations, set by operators; command-line flags seed a fresh database.
CREATE TABLE service_levels (
    name        TEXT PRIMARY KEY CHECK (name IN ('review-start', 'decision', 'partner-response', 'consent', 'dispute', 'dispute-decision')),
    value       INTEGER NOT NULL CHECK (value BETWEEN 1 AND 365),
    changed_by  INTEGER REFERENCES users (id),
    changed_at  TEXT NOT NULL
);

-- Days that are not business days.
CREATE TABLE holidays (
    day       TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    added_by  INTEGER REFERENCES users (id),
    added_at  TEXT NOT NULL
);

-- Who did what to the program's people, orgs and settings, when and from where. Append-only,
-- like the claim history. The actor's name and address are copied, so the entry outlives them.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    actor_email  TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    detail       TEXT NOT NULL,
    org_id       INTEGER
);
CREATE INDEX audit_log_by_kind ON audit_log (kind, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_email, id);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The delivery view lists pending and failed messages newest first (delivered ones walk the key).
CREATE INDEX outbox_waiting ON outbox (id) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_failed ON outbox (id) WHERE failed_at IS NOT NULL;

COMMIT;
PRAGMA foreign_keys = ON;
