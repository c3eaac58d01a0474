-- Program administration: the operator role, orgs that can be deactivated, MPN IDs and products
-- that can be retired, partner applications, the calendar and service levels kept in the database,
-- and the audit log.

-- Operators, like reviewers, belong to no org.
ALTER TABLE users DROP CONSTRAINT users_role_check, DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('global-admin', 'incentives-admin', 'billing-admin', 'reviewer', 'operator')),
    ADD CONSTRAINT users_check CHECK ((role IN ('reviewer', 'operator')) = (org_id IS NULL));
CREATE INDEX users_by_role ON users (role, name);
ALTER TABLE invitations DROP CONSTRAINT invitations_role_check, DROP CONSTRAINT invitations_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('global-admin', 'incentives-admin', 'billing-admin', 'reviewer', 'operator')),
    ADD CONSTRAINT invitations_check CHECK ((role IN ('reviewer', 'operator')) = (org_id IS NULL));

-- A deactivated org's people cannot sign in.
ALTER TABLE orgs ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
-- An MPN ID belongs to one org. One that a claim names is retired, never removed: it stays on
-- its claims and is not offered on new ones.
ALTER TABLE org_mpn_ids ADD COLUMN retired_at TIMESTAMPTZ;
CREATE UNIQUE INDEX org_mpn_ids_unique ON org_mpn_ids (mpn_id);
CREATE INDEX claims_by_mpn_id ON claims (mpn_id);
-- A retired product is not offered on new claims and stays on old ones.
ALTER TABLE products ADD COLUMN retired_at TIMESTAMPTZ;

-- An org asking for access from the public page; an operator approves (the org is created and
-- the applicant invited as its global admin) or rejects it with a reason.
CREATE TABLE partner_applications (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_name         TEXT NOT NULL,
    mpn_id           TEXT NOT NULL,
    applicant_name   TEXT NOT NULL,
    applicant_email  TEXT NOT NULL,
    -- The language the applicant used, for the answer.
    locale           TEXT NOT NULL,
    client_addr      TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by       BIGINT REFERENCES users (id),
    decided_at       TIMESTAMPTZ,
    reason           TEXT,
    org_id           BIGINT REFERENCES orgs (id)
);
CREATE INDEX partner_applications_by_status ON partner_applications (status, id);
CREATE INDEX partner_applications_by_address ON partner_applications (client_addr, created_at);

-- The service-level durations, set by operators; command-line flags seed a fresh database.
CREATE TABLE service_levels (
    name        TEXT PRIMARY KEY CHECK (name IN ('review-start', 'decision', 'partner-response', 'consent', 'dispute', 'dispute-decision')),
    value       BIGINT NOT NULL CHECK (value BETWEEN 1 AND 365),
    changed_by  BIGINT REFERENCES users (id),
    changed_at  TIMESTAMPTZ NOT NULL
);

-- Days that are not business days.
CREATE TABLE holidays (
    day       DATE PRIMARY KEY,
    name      TEXT NOT NULL,
    added_by  BIGINT REFERENCES users (id),
    added_at  TIMESTAMPTZ NOT NULL
);

-- Who did what to the program's people, orgs and settings, when and from where. Append-only,
-- like the claim history. The actor's name and address are copied, so the entry outlives them.
CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     BIGINT,
    actor_name   TEXT NOT NULL,
    actor_email  TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    detail       TEXT NOT NULL,
    org_id       BIGINT
);
CREATE INDEX audit_log_by_kind ON audit_log (kind, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_email, id);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The delivery view lists pending and failed messages newest first (delivered ones walk the key).
CREATE INDEX outbox_waiting ON outbox (id) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_failed ON outbox (id) WHERE failed_at IS NOT NULL;
