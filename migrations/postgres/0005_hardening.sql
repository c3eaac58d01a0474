-- Closing what an attack on the portal found.

-- The consent e-mail carries its link by structure: the worker renders this mail at delivery,
-- with a freshly minted link, and never looks for anything in a stored body.
ALTER TABLE outbox ADD COLUMN consent_link BOOLEAN NOT NULL DEFAULT FALSE;
-- A message is given up after a bounded number of attempts; then it is failed, not retried.
ALTER TABLE outbox ADD COLUMN failed_at TIMESTAMPTZ;
CREATE INDEX outbox_by_claim ON outbox (claim_id);

-- The language of the customer contact: the consent e-mail and the consent page use it.
ALTER TABLE claims ADD COLUMN customer_contact_locale TEXT NOT NULL DEFAULT 'en'
    CHECK (customer_contact_locale IN ('en', 'de', 'hu', 'ko', 'ru'));

-- Expired customer sessions and consent links are swept like signed-in sessions.
CREATE INDEX customer_sessions_by_expiry ON customer_sessions (expires_at);
CREATE INDEX consent_tokens_by_expiry ON consent_tokens (expires_at);
