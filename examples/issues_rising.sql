-- Which issues rose? Statements mentioning each issue in the newest week of data (Monday to Sunday, UTC)
-- against the week before; only issues mentioned more often than the week before, biggest rise first.
-- To compare the current calendar week instead, replace max(week) by date_trunc('week', current_date).
-- communique query "$(cat examples/issues_rising.sql)"
WITH mentions AS (
    SELECT date_trunc('week', published_date) AS week, unnest(issue_ids) AS issue_id
    FROM statements
    WHERE published_date IS NOT NULL
), anchor AS (
    SELECT max(week) AS this_week FROM mentions
), counts AS (
    SELECT m.issue_id,
           count(*) FILTER (WHERE m.week = anchor.this_week) AS this_week,
           count(*) FILTER (WHERE m.week = anchor.this_week - INTERVAL 7 DAY) AS week_before
    FROM mentions AS m
    CROSS JOIN anchor
    GROUP BY m.issue_id
)
SELECT CAST(anchor.this_week AS DATE) AS week_of,
       i.label AS issue,
       i.context,
       c.week_before,
       c.this_week,
       c.this_week - c.week_before AS rise
FROM counts AS c
CROSS JOIN anchor
JOIN issues AS i ON i.issue_id = c.issue_id
WHERE c.this_week > c.week_before
ORDER BY rise DESC, issue;
