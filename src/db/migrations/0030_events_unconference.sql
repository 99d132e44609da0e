-- Unconference proposals go through the platform's moderation gate: the reason their author is shown when a
-- proposal is held or hidden, and the number of open reports (kept by moderation), as on contributions.
alter table event_proposals add column moderation_reason text not null default '';
alter table event_proposals add column report_count integer not null default 0;
-- A person's proposals in a space, newest first (posting limits and pre-moderation count them).
create index event_proposals_host on event_proposals (host_user_id, created_at);
-- What the last schedule build said (proposals left out and why, pins it could not keep, its figures), shown to
-- organisers until the next build: nothing the scheduler decides is lost between the build and the page.
alter table event_unconferences add column build_report jsonb not null default '{}';
