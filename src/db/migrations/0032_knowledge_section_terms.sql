-- Knowledge hub, answers with citations (issue 10): an impact-ordered index of the sections' terms, so the answers'
-- candidate query reads a bounded number of rows per question word instead of ranking every section that has it.
--
-- One row per distinct stem of a section (and per glossary concept, as '~' || concept id) with its impact: how much
-- of the term the section carries, BM25's saturated, length-normalised term frequency (k1 1.2, b 0.75, capped at
-- 1) plus 0.7 when the stem is in the heading or the document title — the same measure answers/engine.ts scores
-- with, without the word's rarity, which the engine multiplies in per question. A question then takes, for each of
-- its words, only the sections where that word weighs most (term, impact desc), however common the word is.
--
-- Kept by a trigger from the section's own columns (stems, lexemes' heading weight A, concepts), so every path
-- that writes sections (saving a document, publishing or unpublishing it, re-finding concepts after a glossary
-- change) keeps it exact; the average section length is read from knowledge_term_stats when the section is written
-- (an impact is only used to choose candidates; the engine rescores them with today's average). space_id (never
-- changes for a section) and is_published are copies, so a question's scan of one term reads this index alone and
-- cannot be planned as a walk over every section.
create table knowledge_section_terms (
  section_id uuid not null references knowledge_sections(id) on delete cascade,
  term text not null,
  impact real not null,
  space_id uuid,
  is_published boolean not null,
  primary key (section_id, term)
);
create index knowledge_section_terms_impact_idx on knowledge_section_terms (term, impact desc, section_id) include (space_id, is_published);

create or replace function knowledge_section_term_impacts(stems text[], lexemes tsvector, concepts text[], average real)
returns table (term text, impact real) language sql immutable as $$
  with norm as (
    select 0.25 + 0.75 * coalesce(array_length(stems, 1), 0) / greatest(average, 1) as n
  ), heading as (
    select unnest(tsvector_to_array(ts_filter(lexemes, '{a}'))) as term
  ), counted as (
    select t as term, count(*)::real as tf from unnest(stems) t group by t
  )
  select c.term, (least(1, c.tf * 2.2 / (c.tf + 1.2 * norm.n)) + case when exists (select 1 from heading h where h.term = c.term) then 0.7 else 0 end)::real
  from counted c, norm
  union all
  select '~' || c.concept, least(1, 2.2 / (1 + 1.2 * norm.n))::real
  from (select distinct unnest(concepts) as concept) c, norm
$$;

create or replace function knowledge_section_terms_write() returns trigger language plpgsql as $$
declare
  average real;
begin
  select coalesce(max(case when term = '#stems' then sections end)::real / nullif(max(case when term = '#sections' then sections end), 0), 1)
    into average from knowledge_term_stats where term in ('#stems', '#sections');
  if tg_op = 'UPDATE' then
    if old.stems is not distinct from new.stems and old.lexemes is not distinct from new.lexemes and old.concepts is not distinct from new.concepts then
      update knowledge_section_terms set is_published = new.is_published where section_id = new.id;
      return null;
    end if;
    delete from knowledge_section_terms where section_id = new.id;
  end if;
  insert into knowledge_section_terms (section_id, term, impact, space_id, is_published)
  select new.id, i.term, i.impact, new.space_id, new.is_published from knowledge_section_term_impacts(new.stems, new.lexemes, new.concepts, coalesce(average, 1)) i;
  return null;
end;
$$;

create trigger knowledge_sections_terms_insert after insert on knowledge_sections
  for each row execute function knowledge_section_terms_write();
create trigger knowledge_sections_terms_update after update of stems, lexemes, concepts, is_published on knowledge_sections
  for each row when (old.stems is distinct from new.stems or old.lexemes is distinct from new.lexemes or old.concepts is distinct from new.concepts
    or old.is_published is distinct from new.is_published)
  execute function knowledge_section_terms_write();

insert into knowledge_section_terms (section_id, term, impact, space_id, is_published)
select s.id, i.term, i.impact, s.space_id, s.is_published
from knowledge_sections s,
  lateral knowledge_section_term_impacts(s.stems, s.lexemes, s.concepts,
    (select coalesce(sum(coalesce(array_length(stems, 1), 0))::real / nullif(count(*), 0), 1)::real from knowledge_sections)) i;
