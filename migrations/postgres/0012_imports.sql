-- Imports of associations from a spreadsheet: the rows as read, kept until the importer creates
-- the valid ones (once: done_at is set in the same transaction) or housekeeping removes them a day
-- later.
CREATE TABLE claim_imports (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Random, in the import's URLs.
    public_id       TEXT NOT NULL UNIQUE,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    file_name       TEXT NOT NULL,
    -- JSON: every row's cells as read, the heading row first.
    rows_json       TEXT NOT NULL,
    -- The importer's language: the customer contact's language where a row names none.
    locale          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    done_at         TIMESTAMPTZ,
    created_claims  BIGINT
);
CREATE INDEX claim_imports_by_age ON claim_imports (created_at);
