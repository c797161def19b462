-- Payload fields: reading payload_json
-- Answers two questions in one result, told apart by the column "measure" (filter on it, or chart
-- one measure at a time), per app over the last 30 days (UTC):
--   'revenue'       per currency (item): the revenue of purchase_complete events in currency units
--                   (value: the payload's total_cents / 100) and the number of purchases (events),
--   'screen_views'  the 10 most viewed screens (item: screen_name of 'view' events), value = events = views.
-- payload_json is the payload as protobuf JSON with the .proto field names and every field printed:
-- protobuf JSON writes int64 fields such as total_cents as strings ("total_cents":"1999"), hence
-- CAST(json_extract_scalar(...) AS BIGINT). Both parts count distinct event ids: an event the sink
-- wrote twice counts once.
WITH purchases AS (
    SELECT DISTINCT
        app_id,
        id,
        coalesce(nullif(json_extract_scalar(payload_json, '$.currency'), ''), '(none)') AS currency,
        CAST(json_extract_scalar(payload_json, '$.total_cents') AS BIGINT) AS total_cents
    FROM hive.causality.events
    WHERE event_type = 'purchase_complete'
      AND CAST(format('%04d-%02d-%02d', year, month, day) AS date) >= current_date - INTERVAL '30' DAY
),
screen_views AS (
    SELECT
        app_id,
        json_extract_scalar(payload_json, '$.screen_name') AS screen_name,
        count(DISTINCT id) AS views
    FROM hive.causality.events
    WHERE event_type = 'view'
      AND CAST(format('%04d-%02d-%02d', year, month, day) AS date) >= current_date - INTERVAL '30' DAY
    GROUP BY app_id, json_extract_scalar(payload_json, '$.screen_name')
),
ranked_screens AS (
    SELECT app_id, screen_name, views,
           row_number() OVER (PARTITION BY app_id ORDER BY views DESC, screen_name) AS screen_rank
    FROM screen_views
)
SELECT app_id, 'revenue' AS measure, currency AS item,
       CAST(sum(total_cents) AS DOUBLE) / 100 AS value, count(*) AS events
FROM purchases
GROUP BY app_id, currency
UNION ALL
SELECT app_id, 'screen_views' AS measure, screen_name AS item,
       CAST(views AS DOUBLE) AS value, views AS events
FROM ranked_screens
WHERE screen_rank <= 10
ORDER BY app_id, measure, value DESC
