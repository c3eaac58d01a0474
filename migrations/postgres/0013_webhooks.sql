-- Webhooks: an org's endpoints, and every delivery of an event to one of them, written in the
-- same transaction as the change that raised the event and delivered from there (an outbox).

CREATE TABLE webhooks (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    url         TEXT NOT NULL,
    -- The shared secret deliveries are signed with (HMAC-SHA256); the portal must read it back
    -- to sign, so it is kept as given, like the SMTP password in the configuration.
    secret      TEXT NOT NULL,
    -- The event codes subscribed to, separated by commas.
    events      TEXT NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL,
    removed_at  TIMESTAMPTZ
);
CREATE INDEX webhooks_by_org ON webhooks (org_id);

CREATE TABLE webhook_deliveries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id       BIGINT NOT NULL REFERENCES webhooks (id),
    -- The event's id: the same for every endpoint and every attempt, so receivers deduplicate.
    event_id         TEXT NOT NULL,
    event            TEXT NOT NULL,
    -- The JSON body, as signed and sent.
    payload          TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    lease_until      TIMESTAMPTZ,
    attempts         INTEGER NOT NULL DEFAULT 0,
    delivered_at     TIMESTAMPTZ,
    given_up_at      TIMESTAMPTZ,
    last_status      INTEGER,
    last_error       TEXT,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND given_up_at IS NULL;
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
