-- Indexes no query needs any more. The review queue's views are read along the partial indexes of
-- 0014 (the waiting claims in each view's order), also when one waiting status is chosen, so these
-- full-table ones (of every claim, in every status) only cost: each claim's change of status or
-- deadline had to move it in each of them (the deadline sweeper's updates took about twice as long).
-- `claims_review_due` stays: the sweeper finds what is due by status and deadline along it.
DROP INDEX claims_review_age;
DROP INDEX claims_review_org_due;
DROP INDEX claims_review_assignee_due;
DROP INDEX claims_review_queue;
