-- Knowledge hub, good practices (issue 10, item 2): practices an organisation submits directly in a space,
-- reviewed by the space's coordinators before anyone else sees them. Practices tagged in consultations stay in
-- good_practices (0009) and are listed alongside these by the knowledge module.

create table knowledge_practices (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  -- the organisation on whose behalf a member submitted it
  organisation_id uuid not null references organisations(id) on delete cascade,
  submitted_by uuid references users(id) on delete set null,
  -- who answers the relay contact form (/contact/practice/:id); never shown, never exported
  contact_user_id uuid references users(id) on delete set null,
  kind text not null check (kind in ('policy', 'legislation', 'project', 'institution', 'fund', 'other')),
  title jsonb not null,
  summary jsonb not null default '{}'::jsonb,
  results jsonb not null default '{}'::jsonb,
  -- the language the practice is written in (its original), for the language facet
  language text not null check (language ~ '^[a-z]{2,3}$'),
  countries text[] not null default '{}',
  -- M49 codes of the countries' regions and sub-regions, kept with the countries for the region facet
  regions text[] not null default '{}',
  actor_types text[] not null default '{}',
  -- framework items the practice serves, copied when written: [{id, framework, key, number, label}]
  targets jsonb not null default '[]'::jsonb,
  -- '<framework key>:<item key>' of each target, for the filter and facet
  target_keys text[] not null default '{}',
  links jsonb not null default '[]'::jsonb,
  -- submitted: waits for a coordinator; published: seen by whoever sees the space; returned: back with the
  -- submitter to change and submit again; rejected: kept for the record, seen by the submitter and coordinators
  status text not null default 'submitted' check (status in ('submitted', 'published', 'returned', 'rejected')),
  review_reason text not null default '',
  -- words the abusive-language screening matched, shown to reviewers (a match never rejects by itself)
  screening_terms text[] not null default '{}',
  -- content stems (platform/search/analyzer.ts) and glossary concepts, for full-text search in both languages
  stems text[] not null default '{}',
  concepts text[] not null default '{}',
  lexemes tsvector not null default ''::tsvector,
  submitted_at timestamptz not null default now(),
  reviewed_at timestamptz,
  reviewed_by uuid references users(id) on delete set null,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'published' or published_at is not null)
);
-- the public list: newest published first, keyset on (published_at, id)
create index knowledge_practices_published_idx on knowledge_practices (space_id, published_at desc, id desc) where status = 'published';
create index knowledge_practices_all_published_idx on knowledge_practices (published_at desc, id desc) where status = 'published';
create index knowledge_practices_queue_idx on knowledge_practices (space_id, status, submitted_at);
create index knowledge_practices_organisation_idx on knowledge_practices (organisation_id);
create index knowledge_practices_lexemes_idx on knowledge_practices using gin (lexemes);
create index knowledge_practices_concepts_idx on knowledge_practices using gin (concepts);
create index knowledge_practices_facets_idx on knowledge_practices using gin (countries, regions, actor_types, target_keys);
