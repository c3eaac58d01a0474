-- Statuses and rejection reasons are the domain's values only: the database refuses anything else,
-- as the code refuses to read it (an unknown value is an error, never a default).
ALTER TABLE claims ADD CONSTRAINT claims_status_known CHECK (status IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected'));
ALTER TABLE claims ADD CONSTRAINT claims_rejection_reason_known CHECK (rejection_reason IS NULL OR rejection_reason IN ('insufficient-poe', 'missing-customer-consent', 'missing-products', 'poe-unavailable', 'no-partner-response', 'partner-request', 'customer-declined'));
ALTER TABLE claim_status_counts ADD CONSTRAINT claim_status_counts_status_known CHECK (status IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected'));
ALTER TABLE claim_history ADD CONSTRAINT claim_history_statuses_known
    CHECK ((from_status IS NULL OR from_status IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected')) AND (to_status IS NULL OR to_status IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected')));
