-- Events per type per hour
-- Answers: how many events of each category and type every app received, hour by hour (UTC, by
-- event time: the partition hour, which is the hour of event_time_ms, or the arrival hour for an
-- event whose device clock was too far off; see the README), over the last 7 days. Chart it as
-- lines or stacked areas: x event_hour, y events, one series per event_type.
-- Counts distinct event ids: an event the sink wrote twice (at-least-once delivery) counts once.
-- The WHERE clause is on the partition columns, so Trino reads only the last 7 days' files.
SELECT
    app_id,
    CAST(format('%04d-%02d-%02d %02d:00:00', year, month, day, hour) AS timestamp) AS event_hour,
    event_category,
    event_type,
    count(DISTINCT id) AS events
FROM hive.causality.events
WHERE CAST(format('%04d-%02d-%02d', year, month, day) AS date) >= current_date - INTERVAL '7' DAY
GROUP BY app_id, year, month, day, hour, event_category, event_type
ORDER BY event_hour, app_id, event_category, event_type
