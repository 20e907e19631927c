-- Which commitments fall due next month? The calendar month after today's (current_date, UTC).
-- communique query "$(cat examples/commitments_due_next_month.sql)"
SELECT c.due_date,
       array_to_string(c.committer_names, ', ') AS committers,
       c.action,
       c.time_text,
       c.modality,
       c.negated,
       c.conditional,
       a.title AS article
FROM commitments AS c
LEFT JOIN articles AS a ON a.article_id = c.article_id
WHERE c.due_date >= date_trunc('month', current_date) + INTERVAL 1 MONTH
  AND c.due_date <  date_trunc('month', current_date) + INTERVAL 2 MONTH
ORDER BY c.due_date, committers, c.action;
