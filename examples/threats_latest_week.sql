-- Who threatened whom in the newest week of data (the Monday-to-Sunday week of the newest article)? As
-- threats_this_week.sql, asked as of the data instead of today: it shows rows on an archive or the sample.
-- communique query "$(cat examples/threats_latest_week.sql)"
WITH anchor AS (SELECT date_trunc('week', max(published_date)) AS week FROM articles)
SELECT s.published_date,
       s.speaker_name AS speaker,
       s.speaker_country,
       unnest(CASE WHEN len(s.addressee_names) = 0 THEN ['(not named)'] ELSE s.addressee_names END) AS addressee,
       s.cue,
       s.content AS threat,
       a.title AS article
FROM statements AS s
CROSS JOIN anchor
LEFT JOIN articles AS a ON a.article_id = s.article_id
WHERE s.event_type = 'THREATEN'
  AND s.published_date >= anchor.week
  AND s.published_date < anchor.week + INTERVAL 7 DAY
ORDER BY s.published_date, speaker, addressee;
