-- Fills "ReturnFacts" with :rows returns requested over the last two years (one every few minutes), 80 % refunded,
-- 10 % store credit, 10 % exchanges, a quarter rated; EUR and GBP; six countries, three channels. For
-- bench/run-analytics-money.sh only: facts written directly, without the returns they would describe (the script
-- then adds up their daily rollup with `rebuild-return-facts --rollup-only`).
TRUNCATE "ReturnFacts";
INSERT INTO "ReturnFacts"
SELECT gen_random_uuid(), t, (extract(year FROM t) * 100 + extract(month FROM t))::int, 'Resolved',
       (ARRAY['web', 'pos', 'marketplace'])[1 + i % 3], (ARRAY['FR', 'DE', 'GB', 'ES', 'IT', 'NL'])[1 + i % 6],
       (ARRAY['shoes', 'tops', 'bags', 'electronics'])[1 + i % 4], (ARRAY['too-small', 'too-large', 'defective', 'changed-mind'])[1 + i % 4],
       CASE WHEN i % 6 = 2 THEN 'GBP' ELSE 'EUR' END,
       t + interval '3 days',
       CASE WHEN i % 10 < 8 THEN t + ((i % 500) + 24) * interval '1 hour' END,
       CASE WHEN i % 10 < 8 THEN (i % 500) + 24 END,
       CASE WHEN i % 10 < 8 THEN i % 300 END,
       (t + interval '17 days')::date,
       CASE WHEN i % 10 < 8 THEN i % 13 <> 0 END,
       400000 + (i % 50) * 10000,
       CASE WHEN i % 10 < 8 THEN 400000 ELSE 0 END,
       CASE WHEN i % 10 = 8 THEN 400000 ELSE 0 END, 0,
       CASE WHEN i % 10 = 9 THEN 400000 ELSE 0 END,
       0, CASE WHEN i % 5 = 0 THEN 35000 ELSE 0 END, 50000, 49000, 'EUR',
       300000, 0, 0, 0, 50000, 0, 50000,
       CASE WHEN i % 4 = 0 THEN 1 + i % 5 END, t, 0
FROM (SELECT i, now() - (i % 1051200) * interval '1 minute' AS t FROM generate_series(1, :rows) AS i) AS s;
ANALYZE "ReturnFacts";
