-- Events in site-wide search (issue 11, pages part): 0025 made events.search_vector a plain column that nothing
-- wrote. It becomes a generated column, as commitments' is (0004): English stemming for the English text, Russian
-- for the Russian, the title weighted above the summary and the description, so it can never go stale. The
-- Drizzle schema leaves the column out (only SQL reads it).
drop index if exists events_search;
alter table events drop column search_vector;
alter table events add column search_vector tsvector generated always as (
  setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
  setweight(to_tsvector('english', coalesce(summary->>'en', '') || ' ' || coalesce(description->>'en', '')), 'B') ||
  setweight(to_tsvector('russian', coalesce(title->>'ru', '')), 'A') ||
  setweight(to_tsvector('russian', coalesce(summary->>'ru', '') || ' ' || coalesce(description->>'ru', '')), 'B')
) stored;
create index events_search on events using gin (search_vector);
