-- The review workflow: who reviews, decisions, disputes, deadlines, comments and the history.

-- Incremented by every state change; forms carry it so a stale page cannot act twice.
ALTER TABLE claims ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- When the claim entered its current status (NULL while Editing).
ALTER TABLE claims ADD COLUMN status_changed_at TEXT;
-- The reviewer who started the review.
ALTER TABLE claims ADD COLUMN assigned_reviewer_id INTEGER REFERENCES users (id);
-- When the current review (or dispute review) started: the decision clock.
ALTER TABLE claims ADD COLUMN review_started_at TEXT;
-- The deadline of whoever must act next (review start, decision, partner response, consent end,
-- dispute window); NULL when nobody must act by a date.
ALTER TABLE claims ADD COLUMN due_at TEXT;
-- A dispute was opened (once per claim); the claim is being reviewed as a dispute now.
ALTER TABLE claims ADD COLUMN disputed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE claims ADD COLUMN in_dispute BOOLEAN NOT NULL DEFAULT FALSE;
-- Set when Rejected: why, when, and whether it can still be disputed.
ALTER TABLE claims ADD COLUMN rejection_reason TEXT;
ALTER TABLE claims ADD COLUMN rejected_at TEXT;
ALTER TABLE claims ADD COLUMN rejection_final BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE claims ADD COLUMN approved_at TEXT;
-- Products the reviewer asked the partner to remove (codes, comma-separated) and the reasons of
-- the last request for more information.
ALTER TABLE claims ADD COLUMN info_reasons TEXT;

CREATE INDEX claims_review_due ON claims (status, due_at, id);
CREATE INDEX claims_by_assignee ON claims (assigned_reviewer_id, status, due_at);
-- Competing claims: the same customer tenant across orgs.
CREATE INDEX claims_by_tenant_any_org ON claims (tenant_id, status);

-- Every change, comment and action on a claim, append-only. `claim_id` has no foreign key on
-- purpose: the history of a deleted draft stays.
CREATE TABLE claim_history (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL,
    at           TEXT NOT NULL,
    -- NULL for the system (deadlines) and the customer (consent link).
    actor_id     INTEGER REFERENCES users (id),
    -- The actor's name as it was, and their side: partner, reviewer, customer, system.
    actor_name   TEXT NOT NULL,
    actor_side   TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    -- JSON: field changes, reasons, file names, the comment's text.
    details      TEXT NOT NULL
);
CREATE INDEX claim_history_by_claim ON claim_history (claim_id, id);

CREATE TRIGGER claim_history_no_update BEFORE UPDATE ON claim_history BEGIN
    SELECT RAISE(ABORT, 'claim_history is append-only');
END;
CREATE TRIGGER claim_history_no_delete BEFORE DELETE ON claim_history BEGIN
    SELECT RAISE(ABORT, 'claim_history is append-only');
END;
