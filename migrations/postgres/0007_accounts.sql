-- Accounts for real people: invitations, password resets, and sessions people can see.

-- An invitation to join: the person sets their own password from the e-mailed link. Only the
-- link token's SHA-256 is kept; it is minted when the e-mail is delivered (and again on resend).
CREATE TABLE invitations (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   TEXT UNIQUE,
    email        TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('global-admin', 'incentives-admin', 'billing-admin', 'reviewer')),
    org_id       BIGINT REFERENCES orgs (id),
    invited_by   BIGINT REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    accepted_at  TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    CHECK ((role = 'reviewer') = (org_id IS NULL))
);
CREATE INDEX invitations_by_org ON invitations (org_id, accepted_at, revoked_at);
CREATE INDEX invitations_by_email ON invitations (email);

-- A password reset link: single use, valid one hour; only the token's SHA-256 is kept.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);

-- Where and how each session was started, for "Your sessions".
ALTER TABLE sessions ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- E-mails whose link is minted at delivery: what for, and the row it is for.
ALTER TABLE outbox ADD COLUMN mints TEXT CHECK (mints IS NULL OR mints IN ('invitation', 'password-reset'));
ALTER TABLE outbox ADD COLUMN mint_for BIGINT;
