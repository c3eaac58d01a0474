-- Statuses and rejection reasons are the domain's values only: the database refuses anything else,
-- as the code refuses to read it (an unknown value is an error, never a default). SQLite cannot add
-- a CHECK to an existing table, so triggers do the same.
CREATE TRIGGER claims_status_known_insert BEFORE INSERT ON claims
WHEN NEW.status NOT IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected') OR (NEW.rejection_reason IS NOT NULL AND NEW.rejection_reason NOT IN ('insufficient-poe', 'missing-customer-consent', 'missing-products', 'poe-unavailable', 'no-partner-response', 'partner-request', 'customer-declined'))
BEGIN SELECT RAISE(ABORT, 'unknown claim status or rejection reason'); END;
CREATE TRIGGER claims_status_known_update BEFORE UPDATE OF status, rejection_reason ON claims
WHEN NEW.status NOT IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected') OR (NEW.rejection_reason IS NOT NULL AND NEW.rejection_reason NOT IN ('insufficient-poe', 'missing-customer-consent', 'missing-products', 'poe-unavailable', 'no-partner-response', 'partner-request', 'customer-declined'))
BEGIN SELECT RAISE(ABORT, 'unknown claim status or rejection reason'); END;
CREATE TRIGGER claim_history_statuses_known BEFORE INSERT ON claim_history
WHEN (NEW.from_status IS NOT NULL AND NEW.from_status NOT IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected')) OR (NEW.to_status IS NOT NULL AND NEW.to_status NOT IN ('editing', 'submitted', 'under-review', 'partner-action-required', 'approved', 'rejected'))
BEGIN SELECT RAISE(ABORT, 'unknown claim status in the history'); END;
