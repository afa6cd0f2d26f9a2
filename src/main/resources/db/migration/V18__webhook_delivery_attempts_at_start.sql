-- The attempts a delivery had made when it last started (0, or its attempts when redelivered):
-- its retries back off from those since, so a redelivery that fails is tried again in about 5 s,
-- not after the wait its earlier attempts had reached. attempts itself keeps counting them all.
ALTER TABLE webhook_deliveries ADD COLUMN attempts_at_start integer NOT NULL DEFAULT 0;
