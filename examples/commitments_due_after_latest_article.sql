-- Which commitments fall due in the year after the newest article? The same question as
-- commitments_due_next_month.sql, asked as of the data instead of today: on an archive (or the 2007 sample)
-- it shows the deadlines that were ahead when the newest article came out, soonest first.
-- communique query "$(cat examples/commitments_due_after_latest_article.sql)"
WITH anchor AS (SELECT max(published_date) AS as_of FROM articles)
SELECT c.due_date,
       date_diff('day', anchor.as_of, c.due_date) AS days_ahead,
       array_to_string(c.committer_names, ', ') AS committers,
       c.action,
       c.time_text,
       c.modality,
       a.title AS article
FROM commitments AS c
CROSS JOIN anchor
LEFT JOIN articles AS a ON a.article_id = c.article_id
WHERE c.due_date > anchor.as_of
  AND c.due_date <= anchor.as_of + INTERVAL 12 MONTH
ORDER BY c.due_date, committers, c.action;
