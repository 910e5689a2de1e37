-- The SQLite twin of analytics-volume.pg.sql (read that file's header for the shape and the distribution): the same
-- arguments give the same orders, lines and returns, in the form EF Core writes them on SQLite — uuids as upper-case
-- text, instants as DateTimeOffsetToBinaryConverter longs ((ticks / 1000) << 11, offset 0), decimals as text
-- ("46.0"), booleans as 0/1. A recursive CTE counts the rows; run it in the sqlite3 shell on a migrated database, with
-- the application stopped, the parameters set as shell parameters:
--
--   sqlite3 -cmd '.parameter set @lines 5000000' -cmd '.parameter set @returns 1000000' retour.db < bench/analytics-volume.sqlite.sql
--   (optional: -cmd '.parameter set @days 365' -cmd '.parameter set @skus 5000')
--
-- One transaction, the rollback journal in memory and no syncs while loading (a benchmark database: a crash mid-way
-- loses it), foreign keys unchecked, a 512 MB page cache; the indexes stay (dropping and rebuilding them was no faster
-- at a million lines). Ends back in WAL mode.
.bail on

DROP TABLE IF EXISTS temp.volume_params;
CREATE TEMP TABLE volume_params (
  lines INTEGER NOT NULL CHECK (lines > 0), returns INTEGER NOT NULL CHECK (returns >= 0),
  days INTEGER NOT NULL CHECK (days > 0), skus INTEGER NOT NULL CHECK (skus BETWEEN 1 AND 1000000),
  orders INTEGER, ppm INTEGER, customers INTEGER, start INTEGER, now INTEGER, run TEXT, ms TEXT);
-- An unset @lines fails here: "NOT NULL constraint failed: volume_params.lines".
INSERT INTO volume_params (lines, returns, days, skus) VALUES (@lines, coalesce(@returns, 0), coalesce(@days, 365), coalesce(@skus, 5000));
UPDATE volume_params SET
  orders = lines / 15 * 5 + (lines % 15 > 0) + (lines % 15 > 1) + (lines % 15 > 3) + (lines % 15 > 6) + (lines % 15 > 10),
  ppm = min(1000000, returns * 1000000 * days / (lines * max(days - 15, 1))),
  customers = max(100, lines / 10),
  start = CAST(strftime('%s', 'now', 'start of day', '-' || days || ' days') AS INTEGER),
  now = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
  run = lower(hex(randomblob(4)));
UPDATE volume_params SET ms = substr(printf('%012X', now), 1, 8) || '-' || substr(printf('%012X', now), 9, 4) || '-7';
PRAGMA journal_mode = MEMORY;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -524288;
PRAGMA foreign_keys = OFF;

BEGIN;
-- Orders: m3 → placed, m4 → market and channel, m5 → customer (the affine first step of mix is carried by the CTE).
WITH RECURSIVE
s(o, a3, a4, a5) AS (
  SELECT 0, 3, 4, 5
  UNION ALL
  SELECT o + 1, (a3 + 69621) % 2147483647, (a4 + 39373) % 2147483647, (a5 + 41358) % 2147483647 FROM s
  WHERE o + 1 < (SELECT orders FROM volume_params)),
b AS (SELECT o, (a3 * a3 + 12345) % 2147483647 AS b3, (a4 * a4 + 12345) % 2147483647 AS b4, (a5 * a5 + 12345) % 2147483647 AS b5 FROM s),
m AS (SELECT o, 'V' || (SELECT run FROM volume_params) || '-' || printf('%09d', o) AS number,
             (b3 * b3 + 3) % 2147483647 AS m3, (b4 * b4 + 4) % 2147483647 AS m4, (b5 * b5 + 5) % 2147483647 AS m5 FROM b)
INSERT INTO "Orders" ("Id", "ShopOrderId", "Number", "Channel", "PlacedAt", "CurrencyCode", "WithdrawalInfoGiven",
                      "OrderDiscount", "ShippingPaid", "CheapestStandardShipping", "UpdatedAt", "Version",
                      "CustomerEmail", "CustomerKind", "CustomerLocale", "CustomerName", "CustomerGroup",
                      "ShipToCountry", "ShipToPostalCode", "ShipToRegion", "GiftReceiptCode")
SELECT p.ms || '000-8' || printf('%03X-%012X', o >> 48, o & 281474976710655), number, number,
       CASE (m4 / 7) % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'app' ELSE 'marketplace' END,
       (621355968000000 + (p.start + m3 % (p.days * 86400)) * 10000) * 2048,
       CASE m4 % 7 WHEN 0 THEN 'GBP' WHEN 6 THEN 'USD' ELSE 'EUR' END,
       1, '0.0', '0.0', '0.0', (621355968000000 + p.now * 10) * 2048, p.ms || '400-8' || printf('%03X-%012X', o >> 48, o & 281474976710655),
       'volume-' || (m5 % p.customers) || '@volume.invalid', 'Consumer', NULL, 'Volume', NULL,
       CASE m4 % 7 WHEN 0 THEN 'GB' WHEN 1 THEN 'FR' WHEN 2 THEN 'DE' WHEN 3 THEN 'ES' WHEN 4 THEN 'IT' WHEN 5 THEN 'NL' ELSE 'US' END,
       NULL, NULL, NULL
FROM m, volume_params AS p;

-- Lines: m1 → SKU, quantity (and returned units); m2 → returned (below ppm) and days after the order.
WITH RECURSIVE
s(j, a1) AS (
  SELECT 0, 1
  UNION ALL
  SELECT j + 1, (a1 + 48271) % 2147483647 FROM s WHERE j + 1 < (SELECT lines FROM volume_params)),
b AS (SELECT j, j % 15 AS r, (a1 * a1 + 12345) % 2147483647 AS b1 FROM s),
m AS (SELECT j, r, CASE WHEN r < 1 THEN 0 WHEN r < 3 THEN 1 WHEN r < 6 THEN 2 WHEN r < 10 THEN 3 ELSE 4 END AS k, (b1 * b1 + 1) % 2147483647 AS m1 FROM b),
l AS (SELECT j, j / 15 * 5 + k AS o, r - k * (k + 1) / 2 AS pos, m1, m1 % (SELECT skus FROM volume_params) AS sku FROM m)
INSERT INTO "OrderLine" ("Id", "OrderId", "Position", "ShopLineId", "Sku", "Title", "Category", "Attributes", "Tags",
                         "Quantity", "UnitPricePaid", "UnitTax", "SerialNumbers", "Supplier", "CountryOfOrigin", "HsCode")
SELECT p.ms || '100-8' || printf('%03X-%012X', j >> 48, j & 281474976710655), p.ms || '000-8' || printf('%03X-%012X', o >> 48, o & 281474976710655),
       pos, pos + 1, printf('SKU-%06d', sku), printf('Product %06d', sku / 3), printf('category-%02d', sku % 12),
       '{}', '[]', 1 + (m1 / p.skus) % 3, (5 + sku % 200) || '.0', '0.0', '[]', NULL, NULL, NULL
FROM l, volume_params AS p;

-- Returned lines, with their order's values recomputed from o (mix written out: affine step, two squarings).
DROP TABLE IF EXISTS temp.volume_returned;
CREATE TEMP TABLE volume_returned AS
WITH RECURSIVE
s(j, a2) AS (
  SELECT 0, 2
  UNION ALL
  SELECT j + 1, (a2 + 16807) % 2147483647 FROM s WHERE j + 1 < (SELECT lines FROM volume_params)),
b AS (SELECT j, (a2 * a2 + 12345) % 2147483647 AS b2 FROM s),
m AS (SELECT j, (b2 * b2 + 2) % 2147483647 AS m2 FROM b),
f AS (SELECT j, j % 15 AS r, CASE WHEN j % 15 < 1 THEN 0 WHEN j % 15 < 3 THEN 1 WHEN j % 15 < 6 THEN 2 WHEN j % 15 < 10 THEN 3 ELSE 4 END AS k, m2
      FROM m WHERE m2 % 1000000 < (SELECT ppm FROM volume_params)),
x AS (SELECT j, j / 15 * 5 + k AS o, r - k * (k + 1) / 2 AS pos, 1 + (m2 / 1000000) % 29 AS after,
             (j * 48271 + 1) % 2147483647 AS a1 FROM f),
y AS (SELECT j, o, pos, after, (a1 * a1 + 12345) % 2147483647 AS b1,
             (o * 69621 + 3) % 2147483647 AS a3, (o * 39373 + 4) % 2147483647 AS a4, (o * 41358 + 5) % 2147483647 AS a5 FROM x),
z AS (SELECT j, o, pos, after, (b1 * b1 + 1) % 2147483647 AS m1,
             (a3 * a3 + 12345) % 2147483647 AS b3, (a4 * a4 + 12345) % 2147483647 AS b4, (a5 * a5 + 12345) % 2147483647 AS b5 FROM y)
SELECT j, o, pos, after, m1 % (SELECT skus FROM volume_params) AS sku, 1 + (m1 / (SELECT skus FROM volume_params)) % 3 AS quantity,
       m1 / ((SELECT skus FROM volume_params) * 3) AS units,
       (b3 * b3 + 3) % 2147483647 AS m3, (b4 * b4 + 4) % 2147483647 AS m4, (b5 * b5 + 5) % 2147483647 AS m5
FROM z;

-- A return that would fall after now has not happened yet (ppm above is raised by about as many).
DELETE FROM volume_returned WHERE (SELECT start + m3 % (days * 86400) + after * 86400 > now / 1000 FROM volume_params);

INSERT INTO "HistoricalReturns" ("Id", "ShopReturnId", "CustomerEmail", "Country", "CurrencyCode", "ReturnedAt", "Status", "Source", "ImportedAt")
SELECT p.ms || '200-8' || printf('%03X-%012X', j >> 48, j & 281474976710655), 'CV' || p.run || '-' || printf('%09d', o) || '-' || pos,
       'volume-' || (m5 % p.customers) || '@volume.invalid',
       CASE m4 % 7 WHEN 0 THEN 'GB' WHEN 1 THEN 'FR' WHEN 2 THEN 'DE' WHEN 3 THEN 'ES' WHEN 4 THEN 'IT' WHEN 5 THEN 'NL' ELSE 'US' END,
       CASE m4 % 7 WHEN 0 THEN 'GBP' WHEN 6 THEN 'USD' ELSE 'EUR' END,
       (621355968000000 + (p.start + m3 % (p.days * 86400) + after * 86400) * 10000) * 2048, 'Closed', 'volume', (621355968000000 + p.now * 10) * 2048
FROM volume_returned, volume_params AS p;

INSERT INTO "HistoricalReturnLines" ("Id", "HistoricalReturnId", "Position", "ShopLineId", "Sku", "Title", "Quantity", "UnitPrice",
                                     "OrderId", "OrderLineId", "MatchedQuantity")
SELECT p.ms || '300-8' || printf('%03X-%012X', j >> 48, j & 281474976710655), p.ms || '200-8' || printf('%03X-%012X', j >> 48, j & 281474976710655),
       0, pos + 1, printf('SKU-%06d', sku), printf('Product %06d', sku / 3), 1 + units % quantity, (5 + sku % 200) || '.0',
       p.ms || '000-8' || printf('%03X-%012X', o >> 48, o & 281474976710655), p.ms || '100-8' || printf('%03X-%012X', j >> 48, j & 281474976710655),
       1 + units % quantity
FROM volume_returned, volume_params AS p;

SELECT 'orders ' || orders || ', order lines ' || lines || ', return lines ' || (SELECT count(*) FROM volume_returned) || ', run ' || run FROM volume_params;
COMMIT;
DROP TABLE temp.volume_returned;
-- Back to write-ahead logging, as the application runs it. No ANALYZE: the application never runs one on SQLite, so
-- the benchmark plans its queries as a real installation would.
PRAGMA journal_mode = WAL;
