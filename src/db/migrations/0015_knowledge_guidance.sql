-- Knowledge hub, part 1 (issue 10): the guidance library and FAQ. A document is Markdown in one language;
-- its translations are documents of their own linked to the original. It is cut into sections — the text
-- under one heading — which are what search and "answers with citations" return and link to.
-- space_id null = platform-wide guidance (written by platform administrators), otherwise a space's own.

create table knowledge_collections (
  id uuid primary key default gen_random_uuid(),
  space_id uuid references spaces(id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique nulls not distinct (space_id, slug)
);

create table knowledge_documents (
  id uuid primary key default gen_random_uuid(),
  space_id uuid references spaces(id) on delete cascade,
  collection_id uuid references knowledge_collections(id) on delete set null,
  -- 'guidance': a document cut into sections by heading; 'faq': a question (title) and its answer (body)
  kind text not null default 'guidance' check (kind in ('guidance', 'faq')),
  -- the front-matter id: the document's stable address within its space, kept across imports and edits
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9_-]{0,119}$'),
  language text not null check (language ~ '^[a-z]{2,3}$'),
  -- the document this one translates (null on an original); translations of one original are siblings
  translation_of uuid references knowledge_documents(id) on delete set null,
  title text not null check (length(title) between 1 and 300),
  tags text[] not null default '{}',
  body_md text not null default '',
  body_html text not null default '',
  -- 'draft' is seen by the space's coordinators only; 'published' by whoever can see the space
  status text not null default 'published' check (status in ('draft', 'published')),
  version integer not null default 1 check (version > 0),
  -- where the current version came from: typed in the UI, imported from a folder or an upload, or an answered enquiry
  source text not null default 'ui' check (source in ('ui', 'import', 'enquiry', 'api')),
  source_file text not null default '',
  position integer not null default 0,
  created_by uuid references users(id) on delete set null,
  updated_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  unique nulls not distinct (space_id, slug),
  check (translation_of is null or translation_of <> id)
);
create index knowledge_documents_space_idx on knowledge_documents (space_id, kind, status, language);
create index knowledge_documents_translation_idx on knowledge_documents (translation_of) where translation_of is not null;
create index knowledge_documents_collection_idx on knowledge_documents (collection_id) where collection_id is not null;
create index knowledge_documents_tags_idx on knowledge_documents using gin (tags);

-- Every saved version of a document's text (the current one included), for history and comparison.
create table knowledge_document_versions (
  document_id uuid not null references knowledge_documents(id) on delete cascade,
  version integer not null,
  title text not null,
  body_md text not null,
  tags text[] not null default '{}',
  source text not null default 'ui',
  note text not null default '',
  edited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (document_id, version)
);

-- The sections of a document's current version, rewritten whenever the text changes. Position 0 is the text
-- before the first heading (its heading is the document's title). space_id, language and is_published are
-- copies of the document's, so search reads sections alone.
create table knowledge_sections (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references knowledge_documents(id) on delete cascade,
  space_id uuid references spaces(id) on delete cascade,
  kind text not null,
  language text not null,
  is_published boolean not null,
  position integer not null,
  -- 1 for the intro, 2 and 3 for ## and ### headings (deeper headings stay inside their section)
  level integer not null,
  heading text not null,
  -- the heading's id on the document page (unique within the document), for links to the passage
  anchor text not null,
  body_text text not null,
  body_html text not null,
  -- content stems of heading and body (platform/search/analyzer.ts), and the glossary concepts they name
  stems text[] not null default '{}',
  concepts text[] not null default '{}',
  word_count integer not null default 0,
  -- the stems as a 'simple' tsvector, so PostgreSQL finds candidate sections through an index
  lexemes tsvector not null default ''::tsvector,
  unique (document_id, position)
);
create index knowledge_sections_lexemes_idx on knowledge_sections using gin (lexemes);
create index knowledge_sections_concepts_idx on knowledge_sections using gin (concepts);
create index knowledge_sections_space_idx on knowledge_sections (space_id, is_published);
