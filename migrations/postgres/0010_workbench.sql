-- The reviewers' workbench: saved views of the review queue, and the indexes its filters and
-- sorts walk.

-- A reviewer's named view: the queue's filter in its canonical form (written by the portal from a
-- parsed filter, never what was typed).
CREATE TABLE review_views (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, name)
);

-- The queue by age (longest waiting first), and one org's queue by due date.
CREATE INDEX claims_review_age ON claims (status, submitted_at, id);
CREATE INDEX claims_review_org_due ON claims (org_id, status, due_at, id);
CREATE INDEX claims_review_assignee_due ON claims (status, assigned_reviewer_id, due_at, id);

-- Service levels: decisions and submissions of a period, by kind and time.
CREATE INDEX claim_history_by_action ON claim_history (action, at);
