-- claims_by_assignee (assigned_reviewer_id, status, due_at) served the review queue's "mine" view
-- before migration 0014; that view and the overdue counts of the service levels now read the
-- partial indexes of waiting claims (claims_waiting_by_assignee, claims_waiting_by_due) or
-- claims_review_due. Nothing reads it any more, and every change of a claim's status or due date
-- moved the claim in it: the deadline sweeper wrote it for each claim it moved.
-- Users are never deleted (they are deactivated), so no foreign key check needs it either.
DROP INDEX claims_by_assignee;
