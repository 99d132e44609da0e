-- Site-wide search (issue 10) corrects misspelt words against search_vocabulary (migration 0016), which the
-- knowledge module fills as it writes guidance. Commitments and consultation contributions are searched too, so
-- their words join the vocabulary, here in SQL: commitments already keep the distinct words of their published
-- text in commitment_search_words (migration 0014, deferred for bulk loads like their statistics), and each
-- word new there is added to the vocabulary; published contributions add theirs when written or edited.
--
-- The stem is PostgreSQL's Snowball stem of the word (the english_stem and russian_stem dictionaries): the same
-- stemmers as the application's analyzer, so a stem found here is the lexeme the full-text indexes hold. Stop
-- words (which those dictionaries drop), hyphenated and mixed words, and words shorter than four letters are
-- left out, as the application's recordVocabulary does; ё is written е, as the analyzer folds it.

create function search_vocabulary_add_words(words text[]) returns void language sql as $$
  insert into search_vocabulary (word, stem, language)
  select w.word, (w.lexemes)[1], w.language
  from (
    select f.word, f.language,
      ts_lexize(case when f.language = 'ru' then 'russian_stem'::regdictionary else 'english_stem'::regdictionary end, f.word) as lexemes
    from (
      select distinct replace(lower(x), 'ё', 'е') as word, case when x ~ '[а-яё]' then 'ru' else 'en' end as language
      from unnest(words) as x
      where char_length(x) between 4 and 40 and (lower(x) ~ '^[a-z]+$' or lower(x) ~ '^[а-яё]+$')
    ) f
  ) w
  where cardinality(w.lexemes) > 0
  on conflict (word) do nothing;
$$;

create function search_vocabulary_from_commitment_words() returns trigger language plpgsql as $$
begin
  perform search_vocabulary_add_words(array(select n.word from new_rows n));
  return null;
end $$;

create trigger search_vocabulary_commitment_words after insert on commitment_search_words referencing new table as new_rows
  for each statement execute function search_vocabulary_from_commitment_words();

create function search_vocabulary_from_contributions_inserted() returns trigger language plpgsql as $$
begin
  perform search_vocabulary_add_words(array(
    select distinct w.lexeme from new_rows n cross join lateral unnest(to_tsvector('simple', n.body)) w where n.status = 'published'));
  return null;
end $$;

create function search_vocabulary_from_contributions_updated() returns trigger language plpgsql as $$
begin
  perform search_vocabulary_add_words(array(
    select distinct w.lexeme from new_rows n join old_rows o on o.id = n.id cross join lateral unnest(to_tsvector('simple', n.body)) w
    where n.status = 'published' and (o.status <> 'published' or o.body is distinct from n.body)));
  return null;
end $$;

create trigger search_vocabulary_contributions_insert after insert on consultation_contributions referencing new table as new_rows
  for each statement execute function search_vocabulary_from_contributions_inserted();
create trigger search_vocabulary_contributions_update after update on consultation_contributions referencing old table as old_rows new table as new_rows
  for each statement execute function search_vocabulary_from_contributions_updated();

-- What is already there.
select search_vocabulary_add_words(array(select word from commitment_search_words));
select search_vocabulary_add_words(array(
  select distinct w.lexeme from consultation_contributions c cross join lateral unnest(to_tsvector('simple', c.body)) w where c.status = 'published'));
