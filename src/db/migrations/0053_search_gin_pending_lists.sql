-- Site-wide search at scale (issue 10). A GIN index keeps new entries in an unsorted "pending list" until it holds
-- gin_pending_list_limit (4 MB by default) or a vacuum merges it, and every search reads the whole pending list:
-- after a bulk load or between autovacuums that is up to 512 pages per index per query, read again by each of a
-- search's statements (EXPLAIN (ANALYZE, BUFFERS) at 200,000 commitments: 507 index pages for "mangrove & forest"
-- with the list full, 31 once merged; a query matching nothing cost as much as one matching thousands). The
-- indexes site search reads keep a 64 kB list instead: writes still batch, searches read at most 8 extra pages.
-- The lists already there are merged now.
do $$
declare
  index_name text;
begin
  foreach index_name in array array[
    'commitments_search_published_idx', 'consultation_contributions_search_idx', 'organisations_search_trgm_idx',
    'search_vocabulary_trgm_idx', 'events_search', 'news_posts_search', 'knowledge_sections_lexemes_idx',
    'knowledge_sections_concepts_idx', 'knowledge_practices_lexemes_idx', 'knowledge_practices_concepts_idx',
    'knowledge_resources_lexemes_idx', 'knowledge_resources_concepts_idx', 'knowledge_experts_stems_idx'
  ] loop
    execute format('alter index %I set (gin_pending_list_limit = 64)', index_name);
    perform gin_clean_pending_list(index_name::regclass);
  end loop;
end
$$;
