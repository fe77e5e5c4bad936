-- How fast the demo loop moves, per minute since a moment (the issue 14 measurement):
--   psql "$DATABASE_URL" -v since="2026-12-06 23:46:00+00" -f scripts/demo_rates.sql
-- applicants from the careers site, AI-interview invitations, results received,
-- screening decisions and e-mails sent.
WITH minutes AS (
  SELECT generate_series(date_trunc('minute', :'since'::timestamptz),
                         date_trunc('minute', now()), interval '1 minute') AS m
)
SELECT to_char(m AT TIME ZONE 'UTC', 'HH24:MI') AS minute_utc,
  (SELECT count(*) FROM recruiting_application a
     WHERE a.source = 'careers_site' AND a.applied_at >= m AND a.applied_at < m + interval '1 minute') AS applied,
  (SELECT count(*) FROM recruiting_assessment s
     WHERE s.source LIKE 'conn:%' AND s.kind = 'ai_interview'
       AND s.created_at >= m AND s.created_at < m + interval '1 minute') AS invited,
  (SELECT count(*) FROM recruiting_assessment s
     WHERE s.source LIKE 'conn:%' AND s.kind = 'ai_interview' AND s.status = 'completed'
       AND s.updated_at >= m AND s.updated_at < m + interval '1 minute') AS results,
  (SELECT count(*) FROM recruiting_screeningdecision d
     WHERE d.created_at >= m AND d.created_at < m + interval '1 minute') AS decisions,
  (SELECT count(*) FROM notifications_outboxmessage o
     WHERE o.channel = 'email' AND o.sent_at >= m AND o.sent_at < m + interval '1 minute') AS emails_sent
FROM minutes ORDER BY m;
