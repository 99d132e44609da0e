-- Spaces (a programme, an action agenda, a meeting series), their roles, and reference frameworks.
create table spaces (
  id uuid primary key default gen_random_uuid(),
  -- lowercase letters, digits and single hyphens; it is part of every URL of the space
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) between 3 and 60),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  visibility text not null default 'public' check (visibility in ('public', 'private')),
  -- features later issues switch on per space: commitments, consultations, events, knowledge
  enabled_modules text[] not null default '{}',
  settings jsonb not null default '{}'::jsonb,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz
);
create index spaces_visibility_idx on spaces (visibility) where archived_at is null;

create table space_members (
  space_id uuid not null references spaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('coordinator', 'facilitator', 'focal_point', 'member')),
  -- ISO 3166-1 alpha-2; required for focal points (who act for one country each), empty for every other role.
  -- A focal point for several countries has one row per country.
  country text not null default '' check (country ~ '^([A-Z]{2})?$'),
  created_at timestamptz not null default now(),
  primary key (space_id, user_id, role, country),
  check ((role = 'focal_point') = (country <> ''))
);
create index space_members_user_idx on space_members (user_id);

create table frameworks (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$' and length(key) <= 80),
  name jsonb not null,
  description jsonb not null default '{}'::jsonb,
  source text not null default '',
  -- locales whose labels Convene's authors wrote themselves (no official translation exists)
  unofficial_locales text[] not null default '{}',
  -- a framework a coordinator imported for one space; null for the shared reference frameworks
  owner_space_id uuid references spaces(id) on delete cascade,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index frameworks_owner_idx on frameworks (owner_space_id);

create table framework_items (
  id uuid primary key default gen_random_uuid(),
  framework_id uuid not null references frameworks(id) on delete cascade,
  key text not null check (key ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$' and length(key) <= 80),
  parent_id uuid references framework_items(id) on delete cascade,
  kind text not null default 'item',
  number text,
  label jsonb not null,
  position integer not null default 0,
  unique (framework_id, key)
);
create index framework_items_parent_idx on framework_items (parent_id);

create table space_frameworks (
  space_id uuid not null references spaces(id) on delete cascade,
  framework_id uuid not null references frameworks(id) on delete cascade,
  position integer not null default 0,
  primary key (space_id, framework_id)
);
create index space_frameworks_framework_idx on space_frameworks (framework_id);
