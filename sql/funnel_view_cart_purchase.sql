-- Funnel: screen view -> add to cart -> purchase complete
-- Answers: per app and UTC day (last 30 days), how many devices viewed a screen (event_type 'view'),
-- how many of them then added something to the cart, and how many of those then completed a
-- purchase, each step strictly later than the one before, on the same day. Later by event_time_ms,
-- the device's time corrected by its clock's offset (the devices' own timestamp_ms may be off by
-- years); rows written before event_time_ms existed fall back to timestamp_ms.
-- A device counts at most once per step and day. Chart it as grouped bars per day, or as a funnel
-- of the three device counts for one day.
WITH funnel_events AS (
    SELECT
        app_id,
        CAST(format('%04d-%02d-%02d', year, month, day) AS date) AS event_date,
        device_id,
        event_type,
        coalesce(event_time_ms, timestamp_ms) AS event_time_ms
    FROM hive.causality.events
    WHERE event_type IN ('view', 'add_to_cart', 'purchase_complete')
      AND CAST(format('%04d-%02d-%02d', year, month, day) AS date) >= current_date - INTERVAL '30' DAY
),
viewed AS (
    -- the first view of the day: any later cart counts
    SELECT app_id, event_date, device_id, min(event_time_ms) AS viewed_at
    FROM funnel_events
    WHERE event_type = 'view'
    GROUP BY app_id, event_date, device_id
),
carted AS (
    -- the first add to cart after that view: any later purchase counts
    SELECT v.app_id, v.event_date, v.device_id, min(e.event_time_ms) AS carted_at
    FROM viewed v
    JOIN funnel_events e
      ON e.app_id = v.app_id AND e.event_date = v.event_date AND e.device_id = v.device_id
    WHERE e.event_type = 'add_to_cart' AND e.event_time_ms > v.viewed_at
    GROUP BY v.app_id, v.event_date, v.device_id
),
purchased AS (
    SELECT DISTINCT c.app_id, c.event_date, c.device_id
    FROM carted c
    JOIN funnel_events e
      ON e.app_id = c.app_id AND e.event_date = c.event_date AND e.device_id = c.device_id
    WHERE e.event_type = 'purchase_complete' AND e.event_time_ms > c.carted_at
)
SELECT
    v.app_id,
    v.event_date,
    count(*) AS viewed,
    count(c.device_id) AS then_added_to_cart,
    count(p.device_id) AS then_purchased,
    round(100e0 * count(p.device_id) / count(*), 1) AS conversion_pct
FROM viewed v
LEFT JOIN carted c
  ON c.app_id = v.app_id AND c.event_date = v.event_date AND c.device_id = v.device_id
LEFT JOIN purchased p
  ON p.app_id = v.app_id AND p.event_date = v.event_date AND p.device_id = v.device_id
GROUP BY v.app_id, v.event_date
ORDER BY v.event_date DESC, v.app_id
