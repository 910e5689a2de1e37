-- The SQLite twin of analytics-money-facts.pg.sql; instants are EF Core's DateTimeOffsetToBinaryConverter longs
-- ((ticks / 1000) << 11, offset 0), the row count is substituted for ROWS by bench/run-analytics-money.sh.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
DELETE FROM "ReturnFacts";
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ROWS),
g AS (SELECT i, CAST(strftime('%s', 'now') AS INTEGER) - (i % 1051200) * 60 AS u, upper(hex(randomblob(16))) AS h FROM s)
INSERT INTO "ReturnFacts"
SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21),
       (621355968000000 + u * 10000) * 2048, CAST(strftime('%Y%m', u, 'unixepoch') AS INTEGER), 'Resolved',
       CASE i % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'pos' ELSE 'marketplace' END,
       CASE i % 6 WHEN 0 THEN 'FR' WHEN 1 THEN 'DE' WHEN 2 THEN 'GB' WHEN 3 THEN 'ES' WHEN 4 THEN 'IT' ELSE 'NL' END,
       CASE i % 4 WHEN 0 THEN 'shoes' WHEN 1 THEN 'tops' WHEN 2 THEN 'bags' ELSE 'electronics' END,
       CASE i % 4 WHEN 0 THEN 'too-small' WHEN 1 THEN 'too-large' WHEN 2 THEN 'defective' ELSE 'changed-mind' END,
       CASE WHEN i % 6 = 2 THEN 'GBP' ELSE 'EUR' END,
       (621355968000000 + (u + 259200) * 10000) * 2048,
       CASE WHEN i % 10 < 8 THEN (621355968000000 + (u + ((i % 500) + 24) * 3600) * 10000) * 2048 END,
       CASE WHEN i % 10 < 8 THEN (i % 500) + 24 END,
       CASE WHEN i % 10 < 8 THEN i % 300 END,
       date(u + 17 * 86400, 'unixepoch'),
       CASE WHEN i % 10 < 8 THEN i % 13 <> 0 END,
       400000 + (i % 50) * 10000,
       CASE WHEN i % 10 < 8 THEN 400000 ELSE 0 END,
       CASE WHEN i % 10 = 8 THEN 400000 ELSE 0 END, 0,
       CASE WHEN i % 10 = 9 THEN 400000 ELSE 0 END,
       0, CASE WHEN i % 5 = 0 THEN 35000 ELSE 0 END, 50000, 49000, 'EUR',
       300000, 0, 0, 0, 50000, 0, 50000,
       CASE WHEN i % 4 = 0 THEN 1 + i % 5 END, (621355968000000 + u * 10000) * 2048, 0
FROM g;
ANALYZE;
