-- EXPLAIN (ANALYZE) of the back office's list queries at volume, as EF Core writes them (parameters inlined).
-- Run by bench/run-backoffice-load.sh after generate-returns; every one should read an index, never the whole table.
\set ON_ERROR_STOP off
\pset pager off
SELECT 'R-ZZZZZZ' AS n, now() AS t \gset

\echo '-- queue in review, newest first (first page)'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."Status", r."Channel", r."OrderId", r."OrderNumber", r."CustomerEmail", r."CurrencyCode", r."RequestedAt", r."UpdatedAt",
  (SELECT COALESCE(sum(l."Quantity"), 0)::int FROM "ReturnLine" AS l WHERE r."Id" = l."ReturnCaseId")
FROM "Returns" AS r WHERE r."Status" = 'InReview' ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

SELECT "RequestedAt" AS t, "Number" AS n FROM "Returns" WHERE "Status" = 'InReview' ORDER BY "RequestedAt", "Number" OFFSET 49 LIMIT 1 \gset
\echo '-- queue in review, oldest first, next page (keyset after the 50th row)'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r
WHERE r."Status" = 'InReview' AND r."RequestedAt" >= :'t' AND (r."RequestedAt" > :'t' OR (r."RequestedAt" = :'t' AND r."Number" > :'n'))
ORDER BY r."RequestedAt", r."Number" LIMIT 51;

\echo '-- queue awaiting shipment (two statuses), newest first'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r
WHERE r."Status" IN ('Approved', 'AwaitingShipment') ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

\echo '-- queue resolved and closed (most of the table), newest first'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r
WHERE r."Status" IN ('Resolved', 'Closed') ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

\echo '-- queue partly received (units still expected, kept on the return), newest first'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r
WHERE r."Status" = 'Received' AND r."ExpectedUnits" > 0
ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

\echo '-- count of awaiting inspection (every approved unit in), capped'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM (SELECT 1 FROM "Returns" AS r WHERE r."Status" = 'Received' AND r."ExpectedUnits" = 0 LIMIT 1001) AS q;

\echo '-- all returns, oldest first'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r ORDER BY r."RequestedAt", r."Number" LIMIT 51;

\echo '-- all returns filtered: status, channel, 60 days, newest first'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r
WHERE r."Status" = 'Resolved' AND r."Channel" = 'Agent' AND r."RequestedAt" >= now() - interval '120 days' AND r."RequestedAt" <= now() - interval '60 days'
ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

\echo '-- channel alone (a rare one), newest first'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number", r."RequestedAt" FROM "Returns" AS r
WHERE r."Channel" = 'Store' ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

SELECT "CustomerEmail" AS e, "OrderNumber" AS o, "Number" AS n FROM "Returns" WHERE "Status" = 'Closed' OFFSET 1000 LIMIT 1 \gset
\echo '-- search: customer email'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number" FROM "Returns" AS r WHERE r."CustomerEmail" = :'e' ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;
\echo '-- search: order number'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number" FROM "Returns" AS r WHERE r."OrderNumber" = :'o' ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;
\echo '-- search: return number'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number" FROM "Returns" AS r WHERE r."Number" = :'n' ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;
\echo '-- search: a payment id that matches nothing (the last try of the search box)'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r."Id", r."Number" FROM "Returns" AS r
WHERE r."Id" IN (
  SELECT r1."Id" FROM "Returns" AS r1 WHERE r1."OrderId" IN (SELECT o."Id" FROM "Orders" AS o WHERE EXISTS (SELECT 1 FROM "Tender" AS t WHERE o."Id" = t."OrderId" AND t."TransactionId" = 'ch_nothing'))
  UNION
  SELECT r2."Id" FROM "Returns" AS r2 WHERE EXISTS (SELECT 1 FROM "Refunds" AS f WHERE r2."Id" = f."ReturnCaseId" AND f."ProviderReference" = 'ch_nothing'))
ORDER BY r."RequestedAt" DESC, r."Number" DESC LIMIT 51;

\echo '-- count of a queue, capped at 1,001 rows'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*)::int FROM (SELECT 1 FROM "Returns" AS r WHERE r."Status" = 'InReview' LIMIT 1001) AS q;
\echo '-- count of refund failed (reads the refunds), capped'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*)::int FROM (SELECT 1 FROM "Returns" AS r WHERE r."Status" = 'Inspected'
  AND EXISTS (SELECT 1 FROM "Refunds" AS f WHERE r."Id" = f."ReturnCaseId" AND f."Status" = 'Failed') LIMIT 1001) AS q;
\echo '-- count of overdue (three statuses, requested over 14 days ago), capped'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*)::int FROM (SELECT 1 FROM "Returns" AS r WHERE r."Status" IN ('InTransit', 'Received', 'Inspected')
  AND r."RequestedAt" < now() - interval '14 days' LIMIT 1001) AS q;
