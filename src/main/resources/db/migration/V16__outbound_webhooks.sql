-- Events to the course platform: endpoints that admins register, the events that happened, and one
-- delivery of each event to each endpoint subscribed to its type. An event and its deliveries are
-- written in the transaction of the change they report (and their jobs `webhook.deliver`, keyed by
-- the delivery's id, with them), so a crash loses none.
CREATE TABLE webhook_endpoints (
    id                    uuid        PRIMARY KEY,
    url                   text        NOT NULL,
    events                text[]      NOT NULL,
    description           text,
    -- whsec_ + base64 of 32 random bytes; never logged, shown only when made
    secret                text        NOT NULL,
    -- the secret before the last rotation, which keeps signing beside the new one until previous_secret_until
    previous_secret       text,
    previous_secret_until timestamptz,
    disabled              boolean     NOT NULL DEFAULT false,
    disabled_reason       text,
    created_at            timestamptz NOT NULL DEFAULT now()
);

-- body is the exact JSON sent (and signed), so every attempt sends the same bytes.
CREATE TABLE webhook_events (
    id          uuid        PRIMARY KEY,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    body        text        NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES webhook_endpoints ON DELETE CASCADE,
    event_id        uuid        NOT NULL REFERENCES webhook_events ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- the retries' 3 days count from here (a redelivery starts it again)
    started_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts        integer     NOT NULL DEFAULT 0,
    -- the HTTP status of the last answer; null before one, or when the last attempt got none
    last_status     integer,
    last_error      text,
    next_attempt_at timestamptz DEFAULT clock_timestamp(),
    delivered_at    timestamptz,
    failed_at       timestamptz
);

-- An endpoint's log, newest first.
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);
