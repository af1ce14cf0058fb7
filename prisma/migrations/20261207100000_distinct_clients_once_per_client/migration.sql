-- People served by a breakdown (clients served by sex, age band, …), counted distinct per
-- period: each client row was joined to every period it falls in (the year, its quarters and
-- its months: three times the year's rows) and counted distinct under eight grouping sets, and
-- app_current_center() was called for every row. A network of 150 centers by sex took 11 s,
-- past the request's deadline. Now each client is taken once per center and breakdown values,
-- with the months it was served in as the bits of a bigint, and counted for each period whose
-- months it meets; a client key belongs to one center (md5 of center and client), so over all
-- centers a count is the sum of the centers'. The same rows as before (checked on the national
-- data for every kind of breakdown, with and without a residence, as a center's staff, and over
-- a range longer than 62 months, which keeps the counting as before). The same signature and
-- grants; the caller's center is read once.
CREATE OR REPLACE FUNCTION aggregate_distinct_clients(p_from date[], p_to date[], p_dims text[], p_centers uuid[], p_residence uuid)
  RETURNS TABLE(period int, grp int, center_id uuid, dim_a text, dim_b text, clients int)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  a text := 'NULL::text';
  b text := 'NULL::text';
  d text;
  lo date;
  hi date;
  base int;
  own uuid := app_current_center();
BEGIN
  IF coalesce(current_setting('role', true), '') <> 'opora_aggregate' AND app_current_center() IS NULL THEN
    RAISE EXCEPTION 'aggregate access needs the aggregate role or a center' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF coalesce(array_length(p_dims, 1), 0) > 2 THEN
    RAISE EXCEPTION 'at most two dimensions' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_dims, 1), 0) LOOP
    d := CASE p_dims[i]
      WHEN 'SERVICE_KIND' THEN 'r."serviceKindId"::text'
      WHEN 'TARGET_GROUP' THEN 'r."targetGroupId"::text'
      WHEN 'RESIDENCE_MUNICIPALITY' THEN 'r."residenceMunicipalityId"::text'
      WHEN 'SETTLEMENT' THEN 'r."settlementId"::text'
      WHEN 'AGE_BAND' THEN 'r."ageBand"::text'
      WHEN 'SEX' THEN 'r.sex::text'
    END;
    IF d IS NULL THEN
      RAISE EXCEPTION 'unknown dimension %', p_dims[i] USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF i = 1 THEN a := d; ELSE b := d; END IF;
  END LOOP;
  SELECT min(f), max(t) INTO lo, hi FROM unnest(p_from, p_to) AS x(f, t);
  lo := date_trunc('month', lo)::date;
  base := extract(year FROM lo)::int * 12 + extract(month FROM lo)::int;
  IF lo IS NULL OR (extract(year FROM hi)::int * 12 + extract(month FROM hi)::int) - base > 62 THEN
    -- Longer than a bigint's months: every client row once per period it falls in, counted.
    RETURN QUERY EXECUTE format($q$
      SELECT x.i::int, GROUPING(x.c, x.a, x.b)::int, x.c, x.a, x.b, count(DISTINCT x.k)::int
        FROM (
          SELECT p.i, r."centerId" AS c, %s AS a, %s AS b, r."clientKey" AS k
            FROM unnest($1::date[], $2::date[]) WITH ORDINALITY AS p(f, t, i)
            JOIN "RollupClientMonth" r ON r."month" >= p.f AND r."month" <= p.t
           WHERE r."centerId" = ANY($3)
             AND ($4::uuid IS NULL OR r."residenceMunicipalityId" = $4)
             AND ($5::uuid IS NULL OR r."centerId" = $5)
        ) x
       GROUP BY GROUPING SETS ((x.i, x.c, x.a, x.b), (x.i, x.c, x.a), (x.i, x.c, x.b), (x.i, x.c),
                               (x.i, x.a, x.b), (x.i, x.a), (x.i, x.b), (x.i))
    $q$, a, b) USING p_from, p_to, p_centers, p_residence, own;
    RETURN;
  END IF;
  -- Each client once per center and values of the breakdowns, with the months it was served in
  -- as bits, then counted for each period whose months it meets. A client key belongs to one
  -- center (md5 of center and client), so over all centers a count is the sum of the centers'.
  RETURN QUERY EXECUTE format($q$
    WITH periods AS (
      SELECT p.i::int AS i, bit_or(1::bigint << (extract(year FROM g.m)::int * 12 + extract(month FROM g.m)::int - $5)) AS mask
        FROM unnest($1::date[], $2::date[]) WITH ORDINALITY AS p(f, t, i)
        CROSS JOIN LATERAL generate_series(date_trunc('month', p.f), p.t, interval '1 month') AS g(m)
       WHERE g.m >= p.f
       GROUP BY p.i
    ),
    people AS (
      SELECT x.c, x.a, x.b, GROUPING(x.a, x.b)::int AS g, bit_or(x.bit) AS mask
        FROM (
          SELECT r."centerId" AS c, %s AS a, %s AS b, r."clientKey" AS k,
                 1::bigint << (extract(year FROM r."month")::int * 12 + extract(month FROM r."month")::int - $5) AS bit
            FROM "RollupClientMonth" r
           WHERE r."month" >= $6 AND r."month" <= $7
             AND r."centerId" = ANY($3)
             AND ($4::uuid IS NULL OR r."residenceMunicipalityId" = $4)
             AND ($8::uuid IS NULL OR r."centerId" = $8)
        ) x
       GROUP BY GROUPING SETS ((x.c, x.a, x.b, x.k), (x.c, x.a, x.k), (x.c, x.b, x.k), (x.c, x.k))
    ),
    patterns AS (
      SELECT g, c, a, b, mask, count(*)::int AS n FROM people GROUP BY g, c, a, b, mask
    ),
    by_center AS (
      SELECT p.i, x.g, x.c, x.a, x.b, sum(x.n)::int AS n
        FROM patterns x JOIN periods p ON x.mask & p.mask <> 0
       GROUP BY p.i, x.g, x.c, x.a, x.b
    )
    SELECT i, g, c, a, b, n FROM by_center
    UNION ALL
    SELECT i, g | 4, NULL::uuid, a, b, sum(n)::int FROM by_center GROUP BY i, g, a, b
  $q$, a, b) USING p_from, p_to, p_centers, p_residence, base, lo, hi, own;
END
$fn$;
