-- Site-wide search and answers (issue 10): the words Convene's searchable text contains, so a misspelt query
-- word can be corrected to a word that exists (pg_trgm's "words table" approach, as commitment_search_words does
-- for the commitments list). Words are folded (lower case, ё→е), letters only, with their Snowball stem so a
-- query knows whether a stem is known at all. Words are only added; a stale one can only correct a query to
-- something that finds nothing.

create table search_vocabulary (
  word text primary key,
  stem text not null,
  language text not null
);
create index search_vocabulary_stem_idx on search_vocabulary (stem);
create index search_vocabulary_trgm_idx on search_vocabulary using gin (word gin_trgm_ops);
