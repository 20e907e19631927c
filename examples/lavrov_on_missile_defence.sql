-- What has Lavrov said about missile defence? His statements tagged with the issue, or whose content names it.
-- communique query "$(cat examples/lavrov_on_missile_defence.sql)"
WITH lavrov AS (
    SELECT actor_id FROM actors WHERE name ILIKE '%Lavrov%' OR list_contains(aliases, 'Lavrov')
), missile_defence AS (
    SELECT issue_id FROM issues WHERE label ILIKE 'missile defen%'
)
SELECT s.published_date,
       s.speaker_name,
       s.cue,
       s.event_type,
       s.content,
       (SELECT list(i.label ORDER BY i.label) FROM issues AS i WHERE list_contains(s.issue_ids, i.issue_id)) AS issues,
       a.title AS article
FROM statements AS s
LEFT JOIN articles AS a ON a.article_id = s.article_id
WHERE s.speaker_actor_id IN (SELECT actor_id FROM lavrov)
  AND (list_has_any(s.issue_ids, (SELECT list(issue_id) FROM missile_defence))
       OR s.content ILIKE '%missile defen%')
ORDER BY s.published_at, s.article_id, s.content_start;
