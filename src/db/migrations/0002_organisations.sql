-- Organisations (actors), their members, invitations and join requests.
create table organisations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name jsonb not null,
  description jsonb not null default '{}'::jsonb,
  actor_type text not null,
  country text,
  website text,
  contacts jsonb not null default '{}'::jsonb,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- every language's name in one string, for search and trigram matching
  search_text text not null default ''
);
create index organisations_actor_type_idx on organisations (actor_type);
create index organisations_country_idx on organisations (country);
create index organisations_search_trgm_idx on organisations using gin (search_text gin_trgm_ops);
create index organisations_created_idx on organisations (created_at desc, id desc);
-- Name order per UI language (that language first, then the others), for keyset pagination of the list.
-- queries.ts builds the same expressions; a new UI language adds its index here.
create index organisations_name_en_idx on organisations ((lower(coalesce(name->>'en', name->>'ru', ''))), id);
create index organisations_name_ru_idx on organisations ((lower(coalesce(name->>'ru', name->>'en', ''))), id);

create table organisation_members (
  organisation_id uuid not null references organisations(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('admin', 'member')),
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id)
);
create index organisation_members_user_idx on organisation_members (user_id);

create table organisation_invitations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id) on delete cascade,
  email text not null,
  role text not null check (role in ('admin', 'member')),
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users(id) on delete set null,
  revoked_at timestamptz
);
create index organisation_invitations_open_idx on organisation_invitations (organisation_id) where accepted_at is null and revoked_at is null;

create table organisation_join_requests (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  message text not null default '',
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
  created_at timestamptz not null default now(),
  decided_by uuid references users(id) on delete set null,
  decided_at timestamptz
);
create unique index organisation_join_requests_pending_unique on organisation_join_requests (organisation_id, user_id) where status = 'pending';
create index organisation_join_requests_org_idx on organisation_join_requests (organisation_id, status);
