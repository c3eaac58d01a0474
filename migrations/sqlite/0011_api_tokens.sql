-- Partners' own systems: API tokens, and the answers to POSTs that carried an Idempotency-Key.

-- A token an org's global admin made for the org's own systems. Only the SHA-256 of its secret is
-- kept, and its first characters to tell tokens apart.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    created_by    INTEGER NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('read', 'read-write')),
    token_hash    TEXT NOT NULL UNIQUE,
    hint          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX api_tokens_by_org ON api_tokens (org_id, created_at);

-- The answer to a request with an Idempotency-Key, kept for a day, by the SHA-256 of the token
-- that sent it: a retry with the same key and the same request gets the same answer; the same key
-- with another request is refused. Status 0 marks a request still being answered.
CREATE TABLE api_idempotency (
    token_hash   TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    location     TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (token_hash, idem_key)
);
CREATE INDEX api_idempotency_by_age ON api_idempotency (created_at);
