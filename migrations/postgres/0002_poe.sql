-- Proof of Execution: files, the partner's self-check, and submission.

-- Set at the first submission; from then on no PoE file of the claim is ever deleted.
ALTER TABLE claims ADD COLUMN first_submitted_at TIMESTAMPTZ;
-- Set at every submission (and resubmission).
ALTER TABLE claims ADD COLUMN submitted_at TIMESTAMPTZ;

CREATE TABLE poe_files (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id      BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    -- Where the bytes are in the object store: generated, never derived from the upload's name.
    storage_key   TEXT NOT NULL UNIQUE,
    -- The uploaded name, sanitised; for display and the download's name only.
    file_name     TEXT NOT NULL,
    description   TEXT NOT NULL,
    -- What the content is (pdf, docx, xlsx, pptx, png, jpeg, eml, msg), judged by the bytes.
    kind          TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    -- Hex SHA-256 of the content, computed while it streamed in.
    sha256        TEXT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX poe_files_by_claim ON poe_files (claim_id, uploaded_at, id);

-- The partner's answers to the five questions reviewers ask, confirmed at submission.
CREATE TABLE poe_self_checks (
    claim_id             BIGINT PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    customer_signature   BOOLEAN NOT NULL,
    dates_recent         BOOLEAN NOT NULL,
    partner_solution     BOOLEAN NOT NULL,
    products_named       BOOLEAN NOT NULL,
    belongs_to_customer  BOOLEAN NOT NULL,
    confirmed_by         BIGINT NOT NULL REFERENCES users (id),
    confirmed_at         TIMESTAMPTZ NOT NULL
);
