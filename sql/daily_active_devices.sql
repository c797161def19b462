-- Daily active devices
-- Answers: how many distinct devices sent at least one event, per app and UTC day, over the last
-- 30 days. Chart it as a line or bars: x event_date, y active_devices, one series per app_id.
-- For very large apps, approx_distinct(device_id) gives the same within about 2% for far less memory.
SELECT
    app_id,
    CAST(format('%04d-%02d-%02d', year, month, day) AS date) AS event_date,
    count(DISTINCT device_id) AS active_devices
FROM hive.causality.events
WHERE CAST(format('%04d-%02d-%02d', year, month, day) AS date) >= current_date - INTERVAL '30' DAY
GROUP BY app_id, year, month, day
ORDER BY event_date, app_id
