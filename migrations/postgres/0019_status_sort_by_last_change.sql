-- The dashboard's status sort orders each status by last change, along claims_by_status_last_change
-- (org_id, status, updated_at, id). The index of status and id alone served only that sort, and
-- every change of a claim's status moved the claim in it twice over (8% of the pages the deadline
-- sweeper wrote).
DROP INDEX claims_by_status;
