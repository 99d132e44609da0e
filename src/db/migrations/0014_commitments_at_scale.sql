-- Commitments at a million rows (issue 9): the public list's search and facets read at most a bounded
-- number of rows whatever the size of the space. Three parts: the words a search can be corrected to, a
-- full-text index of published commitments only, and a keys index on the statistics ledger for filters.
--
-- 1. The vocabulary. A misspelt search ("restorasion", "лесовосстановленье") used to be matched by trigram word similarity
-- against every commitment's search_text: the trigram index narrows the rows, but a common word's trigrams
-- are in a large share of them, and each candidate row's similarity is checked one by one. Instead, each
-- unknown word of the query is corrected against this vocabulary — the distinct words of the space's
-- published commitments, a few thousand rows however many commitments there are — and the corrected query
-- runs through the full-text index like any other (pg_trgm's documented "words table" approach).
--
-- Words are only ever added (a word whose last commitment left keeps its row): a stale word can only
-- correct a query to something that finds nothing, and the list shows a correction only when it found
-- published commitments. Words come from the 'simple' text-search parser (lower-cased, any script) and
-- hold letters only: numbers, e-mail addresses and URLs are no typos anyone makes.

create table commitment_search_words (
  space_id uuid not null references spaces(id) on delete cascade,
  word text not null,
  primary key (space_id, word)
);
create index commitment_search_words_trgm_idx on commitment_search_words using gin (word gin_trgm_ops);

-- Adds the words of the given commitments that are published (already known words are skipped).
create function commitment_search_words_add(ids uuid[]) returns void language plpgsql as $$
begin
  if ids is null or cardinality(ids) = 0 then
    return;
  end if;
  insert into commitment_search_words (space_id, word)
  select distinct c.space_id, w.lexeme
  from commitments c
  join unnest(ids) i(id) on i.id = c.id
  cross join lateral unnest(to_tsvector('simple', c.search_text)) w
  where c.status = 'published' and char_length(w.lexeme) between 3 and 40 and w.lexeme !~ '[0-9_./@:]'
  on conflict do nothing;
end $$;

-- Statement-level, like the statistics of migration 0007 (and deferred by the same setting for bulk loads,
-- which call commitment_search_words_add themselves): only rows published by the statement, or published
-- rows whose text changed, are read.
create function commitment_search_words_inserted() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    perform commitment_search_words_add(array(select n.id from new_rows n where n.status = 'published'));
  end if;
  return null;
end $$;

create function commitment_search_words_updated() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    perform commitment_search_words_add(array(
      select n.id from new_rows n join old_rows o on o.id = n.id
      where n.status = 'published' and (o.status <> 'published' or o.search_text is distinct from n.search_text or o.space_id <> n.space_id)));
  end if;
  return null;
end $$;

create trigger commitment_search_words_insert after insert on commitments referencing new table as new_rows
  for each statement execute function commitment_search_words_inserted();
create trigger commitment_search_words_update after update on commitments referencing old table as old_rows new table as new_rows
  for each statement execute function commitment_search_words_updated();

select commitment_search_words_add(array(select id from commitments where status = 'published'));

-- 2. Only published commitments are ever searched: a partial full-text index holds only them, so a search is
-- answered by this index alone instead of by its bitmap ANDed with one of the whole space (which at a
-- million commitments cost more than the search itself).
drop index commitments_search_idx;
create index commitments_search_published_idx on commitments using gin (search_vector) where status = 'published';

-- 3. The list's pages and facets with filters set: every filterable key of a statistics ledger row (migration 0007) in one
-- array, so the rows passing several filters are an intersection of GIN posting lists (queries-browse.ts
-- writes the very same expression). Prefixes keep stage, actor type and year apart from the codes and ids.
create index commitment_stats_members_keys_idx on commitment_stats_members using gin (
  (array['s:' || stage, 'a:' || actor_type, 'y:' || substr(month, 1, 4)] || countries || regions || primary_items || other_items || frameworks)
);
