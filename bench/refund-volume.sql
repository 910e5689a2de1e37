-- Makes :n inspected returns, each with its refund recorded and not yet executed, and the RefundRecorded events
-- waiting in the outbox: what the refund worker finds after a busy day of settlements. Copies of one demo return
-- settled to the simulator (its lines and refunds copied with it, its timeline not), written in one statement per table.
-- Every event already in the outbox (the demo's) is marked delivered, so the worker's whole work is these refunds.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE template ON COMMIT DROP AS
SELECT r."Id" FROM "Returns" r
WHERE r."Status" IN ('Resolved', 'Closed')
  AND EXISTS (SELECT 1 FROM "Refunds" f WHERE f."ReturnCaseId" = r."Id" AND f."Provider" = 'simulator' AND f."Purpose" = 'Items')
  AND NOT EXISTS (SELECT 1 FROM "Refunds" f WHERE f."ReturnCaseId" = r."Id" AND (f."Provider" <> 'simulator' OR f."Purpose" <> 'Items'))
ORDER BY r."Id" LIMIT 1;

CREATE TEMP TABLE copies ON COMMIT DROP AS
SELECT g, gen_random_uuid() AS id FROM generate_series(1, :n) g;

INSERT INTO "Returns"
SELECT (jsonb_populate_record(NULL::"Returns", to_jsonb(r) || jsonb_build_object(
    'Id', c.id, 'Number', 'B-' || lpad(c.g::text, 8, '0'), 'Status', 'Inspected', 'CreationKey', NULL,
    'Version', gen_random_uuid(), 'OrderNumber', r."OrderNumber" || '-B' || c.g))).*
FROM "Returns" r JOIN template t ON t."Id" = r."Id" CROSS JOIN copies c;

INSERT INTO "ReturnLine"
SELECT (jsonb_populate_record(NULL::"ReturnLine", to_jsonb(l) || jsonb_build_object('Id', gen_random_uuid(), 'ReturnCaseId', c.id))).*
FROM "ReturnLine" l JOIN template t ON t."Id" = l."ReturnCaseId" CROSS JOIN copies c;

CREATE TEMP TABLE new_refunds ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, c.id AS case_id, c.g, f.*
FROM "Refunds" f JOIN template t ON t."Id" = f."ReturnCaseId" CROSS JOIN copies c;

INSERT INTO "Refunds"
SELECT (jsonb_populate_record(NULL::"Refunds", to_jsonb(f) - 'id' - 'case_id' - 'g' || jsonb_build_object(
    'Id', f.id, 'ReturnCaseId', f.case_id, 'Status', 'Recorded', 'ProviderReference', NULL, 'CompletedAt', NULL,
    'FailureReason', NULL, 'Attempts', 0, 'RecordedAt', now(), 'IdempotencyKey', 'bench-refund-' || replace(f.id::text, '-', '')))).*
FROM new_refunds f;

UPDATE "OutboxMessages" SET "ProcessedAt" = now(), "LeasedUntil" = NULL WHERE "ProcessedAt" IS NULL;

INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "AvailableAt", "Attempts")
SELECT gen_random_uuid(), 'RefundRecorded',
       jsonb_build_object('returnCaseId', f.case_id, 'number', 'B-' || lpad(f.g::text, 8, '0'), 'at', now(),
                          'refundId', f.id, 'amount', f."Amount", 'currency', f."CurrencyCode")::text,
       now() + (f.g || ' microseconds')::interval, now(), 0
FROM new_refunds f;
COMMIT;
VACUUM (ANALYZE) "Returns", "ReturnLine", "Refunds", "OutboxMessages";
SELECT count(*) AS refunds_to_execute, sum("Amount") AS amount FROM "Refunds" WHERE "IdempotencyKey" LIKE 'bench-refund-%';
