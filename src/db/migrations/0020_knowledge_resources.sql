-- Knowledge hub, part 3 (issue 10): funding opportunities and other resources (toolkits, training material,
-- datasets, reports, tools). A resource points at something outside Convene (link) and says who it is for.
-- space_id null = a platform-wide resource (platform administrators manage it), otherwise a space's own.
-- 'submitted' = suggested by an organisation's member, waiting for a coordinator to publish it.

create table knowledge_resources (
  id uuid primary key default gen_random_uuid(),
  space_id uuid references spaces(id) on delete cascade,
  kind text not null check (kind in ('funding', 'toolkit', 'training', 'dataset', 'report', 'tool', 'other')),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  -- languages the resource itself is written in (ISO 639-1), not the languages of this record
  languages text[] not null default '{}',
  tags text[] not null default '{}',
  -- framework items of the space's frameworks the resource serves
  target_ids uuid[] not null default '{}',
  -- ISO 3166-1 alpha-2 countries the resource concerns; for funding, where applicants must be based. Empty = anywhere.
  countries text[] not null default '{}',
  -- funding only: who gives, which programme, who may apply (actor type keys; empty = any), how much, until when
  funder text not null default '',
  programme text not null default '',
  eligible_actor_types text[] not null default '{}',
  amount_min numeric(16, 2) check (amount_min is null or amount_min >= 0),
  amount_max numeric(16, 2) check (amount_max is null or amount_max >= 0),
  currency text check (currency is null or currency ~ '^[A-Z]{3}$'),
  -- 'date': applications close at the end of `deadline` (UTC); 'rolling': any time; 'none': no deadline given
  deadline_kind text not null default 'none' check (deadline_kind in ('date', 'rolling', 'none')),
  deadline date,
  apply_url text check (apply_url is null or (apply_url ~ '^https?://' and length(apply_url) <= 2000)),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'published')),
  -- the organisation on whose behalf a member suggested it (null when a coordinator wrote it)
  suggested_by_organisation_id uuid references organisations(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  updated_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  -- content stems of title, description, funder, programme and tags in every language, and the glossary
  -- concepts they name (platform/search), so a Russian query finds an English resource and the reverse
  stems text[] not null default '{}',
  concepts text[] not null default '{}',
  lexemes tsvector not null default ''::tsvector,
  check (amount_min is null or amount_max is null or amount_min <= amount_max),
  check ((amount_min is null and amount_max is null) = (currency is null)),
  check ((deadline_kind = 'date') = (deadline is not null)),
  check (kind = 'funding' or (deadline_kind = 'none' and amount_min is null and amount_max is null and cardinality(eligible_actor_types) = 0))
);
-- newest first, the default list order (keyset on published_at, id)
create index knowledge_resources_published_idx on knowledge_resources (published_at desc, id desc) where status = 'published';
create index knowledge_resources_space_idx on knowledge_resources (space_id, status);
-- "closing soon": funding with a deadline, soonest first
create index knowledge_resources_deadline_idx on knowledge_resources (deadline, id) where status = 'published' and deadline is not null;
create index knowledge_resources_lexemes_idx on knowledge_resources using gin (lexemes);
create index knowledge_resources_concepts_idx on knowledge_resources using gin (concepts);
