-- The review queue at any size: claims waiting for a reviewer (submitted or under review) kept in
-- the order each view of the queue walks, so a page is read along an index instead of sorting every
-- waiting claim. The WHERE clause is the queue's own (`ClaimStatus::AWAITING_REVIEW`), written the
-- same way, so both engines can use these partial indexes.
CREATE INDEX claims_waiting_by_due ON claims (due_at, id) WHERE status IN ('submitted', 'under-review');
CREATE INDEX claims_waiting_by_age ON claims (submitted_at, id) WHERE status IN ('submitted', 'under-review');
CREATE INDEX claims_waiting_by_org ON claims (org_id, due_at, id) WHERE status IN ('submitted', 'under-review');
CREATE INDEX claims_waiting_by_assignee ON claims (assigned_reviewer_id, due_at, id) WHERE status IN ('submitted', 'under-review');
CREATE INDEX claims_waiting_disputes ON claims (due_at, id) WHERE in_dispute AND status IN ('submitted', 'under-review');
