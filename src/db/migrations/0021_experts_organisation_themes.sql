-- Knowledge hub, experts and organisations (issue 10, item 4).
--
-- An expert profile is a person's opt-in entry in the experts directory: expertise linked to framework items
-- and free tags, languages spoken, country, an organisation they belong to, a short bio in each language.
-- is_listed = false is "paused": the profile is then hidden everywhere (pages, API, search, relay) at once.
-- search_stems holds the content stems (platform/search/analyzer.ts) of everything a search may match —
-- name, headline, bio, tags, the linked items' labels in both languages, the organisation's name — written
-- with the profile, so the directory's full-text filter is one array-overlap on a GIN index.
create table knowledge_experts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references users(id) on delete cascade,
  display_name text not null check (length(display_name) between 1 and 120),
  headline jsonb not null default '{}'::jsonb,
  bio jsonb not null default '{}'::jsonb,
  tags text[] not null default '{}',
  languages text[] not null default '{}',
  country text,
  organisation_id uuid references organisations(id) on delete set null,
  is_listed boolean not null default true,
  search_stems text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- The directory's order (keyset pagination by name, then id), listed profiles only.
create index knowledge_experts_name_idx on knowledge_experts (lower(display_name), id) where is_listed;
create index knowledge_experts_stems_idx on knowledge_experts using gin (search_stems) where is_listed;
create index knowledge_experts_tags_idx on knowledge_experts using gin (tags) where is_listed;
create index knowledge_experts_languages_idx on knowledge_experts using gin (languages) where is_listed;
create index knowledge_experts_country_idx on knowledge_experts (country) where is_listed;
create index knowledge_experts_organisation_idx on knowledge_experts (organisation_id) where organisation_id is not null;

create table knowledge_expert_items (
  expert_id uuid not null references knowledge_experts(id) on delete cascade,
  item_id uuid not null references framework_items(id) on delete cascade,
  primary key (expert_id, item_id)
);
create index knowledge_expert_items_item_idx on knowledge_expert_items (item_id);

-- Organisations gain themes (free tags, lower-case) and the framework targets they work on.
alter table organisations add column themes text[] not null default '{}';
create index organisations_themes_idx on organisations using gin (themes);

create table organisation_framework_items (
  organisation_id uuid not null references organisations(id) on delete cascade,
  item_id uuid not null references framework_items(id) on delete cascade,
  primary key (organisation_id, item_id)
);
create index organisation_framework_items_item_idx on organisation_framework_items (item_id);
