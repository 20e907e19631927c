-- Who threatened whom this week (Monday to today, UTC)? PLOVER THREATEN statements, one row per
-- speaker -> addressee pair; "(not named)" when the statement names no addressee.
-- communique query "$(cat examples/threats_this_week.sql)"
SELECT s.published_date,
       s.speaker_name AS speaker,
       s.speaker_country,
       unnest(CASE WHEN len(s.addressee_names) = 0 THEN ['(not named)'] ELSE s.addressee_names END) AS addressee,
       s.cue,
       s.content AS threat,
       a.title AS article
FROM statements AS s
LEFT JOIN articles AS a ON a.article_id = s.article_id
WHERE s.event_type = 'THREATEN'
  AND s.published_date >= date_trunc('week', current_date)
ORDER BY s.published_date, speaker, addressee;
