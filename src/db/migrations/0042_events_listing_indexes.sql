-- A space's list of events is read a page at a time by keyset on (starts_at, id), upcoming from now or past
-- backwards from now: the index carries the whole sort key so a page is one index range, no sort. It replaces
-- events_space_starts (space_id, starts_at), which also served the organisers' drafts and still does here.
create index events_space_listing on events (space_id, starts_at, id);
drop index events_space_starts;
