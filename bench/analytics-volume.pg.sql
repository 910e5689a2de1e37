-- Return-analytics volume for issue #8, set-based (the SQL twin of `generate-analytics-volume`, far faster at tens of
-- millions of lines): appends :lines order lines and about :returns historical return lines to the source tables
-- ("Orders", "OrderLine", "HistoricalReturns", "HistoricalReturnLines") with the distribution AnalyticsVolume.cs
-- writes, then leaves the rollups to `rebuild-analytics`. Run on a migrated database, with the application stopped:
--
--   psql -X -q -v lines=50000000 -v returns=10000000 [-v days=365] [-v skus=5000] -f bench/analytics-volume.pg.sql
--
-- Shape: line j (0 ≤ j < :lines) sits in block j / 15, which holds five orders of 1, 2, 3, 4 and 5 lines (three on
-- average); order o = 5 × block + its place in the block. Every other value is drawn from mix(x, s), a deterministic
-- pseudo-random number in [0, 2^31 − 1) of the line or order number x and a stream s (an affine step then two
-- squarings modulo the prime 2^31 − 1), so the same arguments give the same rows here and on SQLite
-- (analytics-volume.sqlite.sql) and a return line recomputes its order's values instead of joining to it.
--   order o:  placed uniformly over the last :days days (whole seconds from midnight UTC :days days ago), market
--             GB/GBP FR DE ES IT NL/EUR US/USD, channel web/app/marketplace, customer volume-N@volume.invalid with
--             N < max(100, lines / 10), number V<run>-<o, 9 digits> (<run>: 8 random hex digits, so runs append).
--   line j:   SKU-nnnnnn among :skus, title "Product <sku / 3>", category-<sku % 12>, quantity 1–3, unit price
--             5 + sku % 200 in the order's currency, no tax, tags, attributes or serial numbers.
--   returns:  line j is returned with probability :returns / :lines × :days / (:days − 15), by one historical return
--             of one line (1 to the line's quantity units, matched to the line), 1–29 days after the order, imported
--             now; a return that would fall after now is left out (it has not happened yet: about 15 days' worth of
--             the period's, which the raised probability makes up), so nothing is dated after the run.
-- Ids are version-7 shaped uuids: this run's millisecond, a table digit, then the row number, so every index on an id
-- grows in order. Foreign keys are not checked while loading (session_replication_role = replica: the rows are
-- consistent by construction) and the tables' secondary indexes are dropped and recreated afterwards (their
-- definitions are read from pg_indexes, so the file follows the migrations).
\set ON_ERROR_STOP on
\if :{?lines}
\else
  DO $$ BEGIN RAISE EXCEPTION 'analytics-volume.pg.sql needs -v lines=N (and -v returns=M)'; END $$;
\endif
\if :{?returns}
\else
  \set returns 0
\endif
\if :{?days}
\else
  \set days 365
\endif
\if :{?skus}
\else
  \set skus 5000
\endif

SELECT :lines::bigint / 15 * 5 + (SELECT count(*) FROM unnest(ARRAY[0, 1, 3, 6, 10]) AS first WHERE first < :lines::bigint % 15) AS orders,
       least(1000000, :returns::bigint * 1000000 * :days / (greatest(:lines::bigint, 1) * greatest(:days - 15, 1))) AS ppm,
       greatest(100, :lines::bigint / 10) AS customers,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now,
       to_char(date_trunc('day', now() AT TIME ZONE 'UTC') - :days * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS start,
       substr(md5(random()::text), 1, 8) AS run,
       lpad(to_hex((extract(epoch FROM now()) * 1000)::bigint), 12, '0') || '7' AS ms
\gset
\set id_order :ms'0008'
\set id_line :ms'1008'
\set id_return :ms'2008'
\set id_return_line :ms'3008'
\set id_version :ms'4008'
\set P 2147483647
SET temp_buffers = '256MB';

BEGIN;
SET LOCAL session_replication_role = replica;
SET LOCAL maintenance_work_mem = '512MB';
SET LOCAL work_mem = '64MB';

CREATE TEMP TABLE volume_indexes ON COMMIT DROP AS
SELECT format('%I.%I', i.schemaname, i.indexname) AS name, i.indexdef
FROM pg_indexes AS i
WHERE i.schemaname = current_schema() AND i.tablename IN ('Orders', 'OrderLine', 'HistoricalReturns', 'HistoricalReturnLines')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass);
SELECT 'DROP INDEX ' || name FROM volume_indexes
\gexec

-- Orders: m3 → placed, m4 → market and channel, m5 → customer.
INSERT INTO "Orders" ("Id", "ShopOrderId", "Number", "Channel", "PlacedAt", "CurrencyCode", "WithdrawalInfoGiven",
                      "OrderDiscount", "ShippingPaid", "CheapestStandardShipping", "UpdatedAt", "Version",
                      "CustomerEmail", "CustomerKind", "CustomerLocale", "CustomerName", "CustomerGroup",
                      "ShipToCountry", "ShipToPostalCode", "ShipToRegion", "GiftReceiptCode")
SELECT (:'id_order' || lpad(to_hex(o), 15, '0'))::uuid, number, number,
       (ARRAY['web', 'app', 'marketplace'])[1 + (m4 / 7) % 3],
       :'start'::timestamptz + (m3 % (:days * 86400)) * interval '1 second',
       (ARRAY['GBP', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'USD'])[1 + m4 % 7],
       true, 0, 0, 0, :'now'::timestamptz, (:'id_version' || lpad(to_hex(o), 15, '0'))::uuid,
       'volume-' || (m5 % :customers) || '@volume.invalid', 'Consumer', NULL, 'Volume', NULL,
       (ARRAY['GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'US'])[1 + m4 % 7], NULL, NULL, NULL
FROM (SELECT o, 'V' || :'run' || '-' || lpad(o::text, 9, '0') AS number,
             (b3 * b3 + 3) % :P AS m3, (b4 * b4 + 4) % :P AS m4, (b5 * b5 + 5) % :P AS m5
      FROM (SELECT o, (a3 * a3 + 12345) % :P AS b3, (a4 * a4 + 12345) % :P AS b4, (a5 * a5 + 12345) % :P AS b5
            FROM (SELECT o, (o * 69621 + 3) % :P AS a3, (o * 39373 + 4) % :P AS a4, (o * 41358 + 5) % :P AS a5
                  FROM generate_series(0::bigint, :orders - 1) AS o OFFSET 0) AS a OFFSET 0) AS b OFFSET 0) AS m;

-- Lines: m1 → SKU, quantity (and returned units).
INSERT INTO "OrderLine" ("Id", "OrderId", "Position", "ShopLineId", "Sku", "Title", "Category", "Attributes", "Tags",
                         "Quantity", "UnitPricePaid", "UnitTax", "SerialNumbers", "Supplier", "CountryOfOrigin", "HsCode")
SELECT (:'id_line' || lpad(to_hex(j), 15, '0'))::uuid, (:'id_order' || lpad(to_hex(j / 15 * 5 + k), 15, '0'))::uuid,
       r - k * (k + 1) / 2, (r - k * (k + 1) / 2 + 1)::text,
       'SKU-' || lpad(sku::text, 6, '0'), 'Product ' || lpad((sku / 3)::text, 6, '0'), 'category-' || lpad((sku % 12)::text, 2, '0'),
       '{}', '[]', 1 + (m1 / :skus) % 3, 5 + sku % 200, 0, '[]', NULL, NULL, NULL
FROM (SELECT j, r, CASE WHEN r < 1 THEN 0 WHEN r < 3 THEN 1 WHEN r < 6 THEN 2 WHEN r < 10 THEN 3 ELSE 4 END AS k, m1, m1 % :skus AS sku
      FROM (SELECT j, j % 15 AS r, (b1 * b1 + 1) % :P AS m1
            FROM (SELECT j, ((j * 48271 + 1) % :P * ((j * 48271 + 1) % :P) + 12345) % :P AS b1
                  FROM generate_series(0::bigint, :lines - 1) AS j OFFSET 0) AS b OFFSET 0) AS m OFFSET 0) AS l;

-- Returned lines: m2 → whether (below ppm) and how many days after the order; the order's values recomputed from o.
CREATE TEMP TABLE volume_returned ON COMMIT DROP AS
SELECT j, o, r - k * (k + 1) / 2 AS pos, m1 % :skus AS sku, 1 + (m1 / :skus) % 3 AS quantity, m1 / (:skus * 3) AS units, 1 + (m2 / 1000000) % 29 AS after,
       (((o * 69621 + 3) % :P * ((o * 69621 + 3) % :P) + 12345) % :P * (((o * 69621 + 3) % :P * ((o * 69621 + 3) % :P) + 12345) % :P) + 3) % :P AS m3,
       (((o * 39373 + 4) % :P * ((o * 39373 + 4) % :P) + 12345) % :P * (((o * 39373 + 4) % :P * ((o * 39373 + 4) % :P) + 12345) % :P) + 4) % :P AS m4,
       (((o * 41358 + 5) % :P * ((o * 41358 + 5) % :P) + 12345) % :P * (((o * 41358 + 5) % :P * ((o * 41358 + 5) % :P) + 12345) % :P) + 5) % :P AS m5
FROM (SELECT j, r, k, j / 15 * 5 + k AS o, m2,
             (((j * 48271 + 1) % :P * ((j * 48271 + 1) % :P) + 12345) % :P * (((j * 48271 + 1) % :P * ((j * 48271 + 1) % :P) + 12345) % :P) + 1) % :P AS m1
      FROM (SELECT j, j % 15 AS r, CASE WHEN j % 15 < 1 THEN 0 WHEN j % 15 < 3 THEN 1 WHEN j % 15 < 6 THEN 2 WHEN j % 15 < 10 THEN 3 ELSE 4 END AS k, m2
            FROM (SELECT j, (b2 * b2 + 2) % :P AS m2
                  FROM (SELECT j, ((j * 16807 + 2) % :P * ((j * 16807 + 2) % :P) + 12345) % :P AS b2
                        FROM generate_series(0::bigint, :lines - 1) AS j OFFSET 0) AS b OFFSET 0) AS m
            WHERE m2 % 1000000 < :ppm OFFSET 0) AS f) AS x;

-- A return that would fall after now has not happened yet (ppm above is raised by about as many).
DELETE FROM volume_returned WHERE :'start'::timestamptz + (m3 % (:days * 86400)) * interval '1 second' + after * interval '1 day' > :'now'::timestamptz;

INSERT INTO "HistoricalReturns" ("Id", "ShopReturnId", "CustomerEmail", "Country", "CurrencyCode", "ReturnedAt", "Status", "Source", "ImportedAt")
SELECT (:'id_return' || lpad(to_hex(j), 15, '0'))::uuid, 'CV' || :'run' || '-' || lpad(o::text, 9, '0') || '-' || pos,
       'volume-' || (m5 % :customers) || '@volume.invalid', (ARRAY['GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'US'])[1 + m4 % 7],
       (ARRAY['GBP', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'USD'])[1 + m4 % 7],
       :'start'::timestamptz + (m3 % (:days * 86400)) * interval '1 second' + after * interval '1 day', 'Closed', 'volume', :'now'::timestamptz
FROM volume_returned;

INSERT INTO "HistoricalReturnLines" ("Id", "HistoricalReturnId", "Position", "ShopLineId", "Sku", "Title", "Quantity", "UnitPrice",
                                     "OrderId", "OrderLineId", "MatchedQuantity")
SELECT (:'id_return_line' || lpad(to_hex(j), 15, '0'))::uuid, (:'id_return' || lpad(to_hex(j), 15, '0'))::uuid, 0, (pos + 1)::text,
       'SKU-' || lpad(sku::text, 6, '0'), 'Product ' || lpad((sku / 3)::text, 6, '0'), 1 + units % quantity, 5 + sku % 200,
       (:'id_order' || lpad(to_hex(o), 15, '0'))::uuid, (:'id_line' || lpad(to_hex(j), 15, '0'))::uuid, 1 + units % quantity
FROM volume_returned;

SELECT indexdef FROM volume_indexes
\gexec
SELECT :orders AS orders, :lines AS order_lines, count(*) AS return_lines, :'run' AS run FROM volume_returned;
COMMIT;
ANALYZE "Orders", "OrderLine", "HistoricalReturns", "HistoricalReturnLines";
