-- Deadlines, e-mail and customer consent.

-- Set when the consent period of an approved claim ended: it went to incentive assessment.
ALTER TABLE claims ADD COLUMN sent_for_assessment_at TEXT;
-- The language a person reads (for e-mails); NULL until known.
ALTER TABLE users ADD COLUMN locale TEXT;

-- E-mails to send, written in the same transaction as the change that causes them and delivered
-- by a worker that leases rows, so each is sent once even with several instances.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    claim_id         INTEGER,
    recipient        TEXT NOT NULL,
    locale           TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    -- A worker holds the row until then; after a crash the lease runs out and another takes it.
    locked_until     TEXT,
    delivered_at     TEXT,
    last_error       TEXT
);
CREATE INDEX outbox_pending ON outbox (delivered_at, next_attempt_at, id);

-- Links in consent e-mails: only the SHA-256 of the random token is kept.
CREATE TABLE consent_tokens (
    token_hash  TEXT PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX consent_tokens_by_claim ON consent_tokens (claim_id);

-- The short session a consent link opens: the customer role, one claim.
CREATE TABLE customer_sessions (
    token_hash  TEXT PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
