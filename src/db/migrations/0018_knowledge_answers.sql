-- Knowledge hub, answers with citations (issue 10).
--
-- 1. How many sections name each stem (and each glossary concept), so answers can weight a question's rare
--    words above its common ones (BM25's document frequency) with one index lookup per question instead of
--    ts_stat over every section. Kept exact by a trigger on knowledge_sections; the trigger takes one
--    transaction-level advisory lock first, so two imports never take the counters' row locks in different
--    orders (writing guidance is rare; answering is not). Concepts are counted under '~' || concept id, and
--    the totals under '#sections' (sections) and '#stems' (stems, repeats included, for the average length).
create table knowledge_term_stats (
  term text primary key,
  sections integer not null default 0
);

create or replace function knowledge_term_stats_count() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(4201810018);
  if tg_op in ('UPDATE', 'DELETE') then
    update knowledge_term_stats s set sections = s.sections - 1
    from (select distinct t from unnest(old.stems || array(select '~' || c from unnest(old.concepts) c)) t) terms
    where s.term = terms.t;
    update knowledge_term_stats set sections = sections - 1 where term = '#sections';
    update knowledge_term_stats set sections = sections - coalesce(array_length(old.stems, 1), 0) where term = '#stems';
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into knowledge_term_stats (term, sections)
    select t, 1 from (select distinct t from unnest(new.stems || array(select '~' || c from unnest(new.concepts) c)) t) terms order by t
    on conflict (term) do update set sections = knowledge_term_stats.sections + 1;
    insert into knowledge_term_stats (term, sections) values ('#sections', 1), ('#stems', coalesce(array_length(new.stems, 1), 0))
    on conflict (term) do update set sections = knowledge_term_stats.sections + excluded.sections;
  end if;
  return null;
end;
$$;

create trigger knowledge_sections_term_stats after insert or delete on knowledge_sections
  for each row execute function knowledge_term_stats_count();
create trigger knowledge_sections_term_stats_update after update of stems, concepts on knowledge_sections
  for each row when (old.stems is distinct from new.stems or old.concepts is distinct from new.concepts)
  execute function knowledge_term_stats_count();

insert into knowledge_term_stats (term, sections)
select t, count(*) from (
  select distinct s.id, t from knowledge_sections s, unnest(s.stems || array(select '~' || c from unnest(s.concepts) c)) t
) terms group by t;
insert into knowledge_term_stats (term, sections) select '#sections', count(*) from knowledge_sections;
insert into knowledge_term_stats (term, sections) select '#stems', coalesce(sum(coalesce(array_length(stems, 1), 0)), 0) from knowledge_sections;

-- 2. The glossary's extension: concepts and terms coordinators add for their space (space_id) and platform
--    administrators for the whole platform (space_id null). A term extends a shipped concept (concept_id is
--    one of the shipped ids) or a concept of the extension's own ('x-…'). Merged into the glossary index of
--    that space; the index is kept in the process and dropped when this table changes.
create table knowledge_glossary_terms (
  id uuid primary key default gen_random_uuid(),
  space_id uuid references spaces(id) on delete cascade,
  concept_id text not null check (concept_id ~ '^[a-z0-9][a-z0-9_.:-]{0,119}$'),
  language text not null check (language in ('en', 'ru')),
  term text not null check (length(term) between 1 and 120),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique nulls not distinct (space_id, concept_id, language, term)
);
create index knowledge_glossary_terms_space_idx on knowledge_glossary_terms (space_id, concept_id);

create trigger knowledge_glossary_terms_notify_change after insert or update or delete or truncate on knowledge_glossary_terms
  for each statement execute function convene_notify_change();
