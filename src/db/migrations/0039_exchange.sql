-- Issue 12 point 5, clearing-house exchange: what Convene harvested from partner systems (CBD clearing-house
-- records, InforMEA OData entities, schema.org JSON-LD feeds, another Convene), with provenance. These records are
-- not Convene's own (no owner account, no review): they live here, never in commitments, events or knowledge.

-- A place a space harvests from again and again: a URL and what to call it.
create table exchange_sources (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  name text not null,
  url text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_run_at timestamptz,
  unique (space_id, url)
);

-- One harvest (of a saved source, a URL or an uploaded file) and its per-record report.
create table exchange_runs (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  source_id uuid references exchange_sources(id) on delete set null,
  -- the URL fetched or the name of the uploaded file
  origin text not null,
  status text not null check (status in ('queued', 'running', 'done', 'failed')),
  -- the shape recognised: cbd, informea, jsonld
  format text,
  -- [{ identifier, kind, outcome: created|updated|unchanged|skipped, reason }]
  report jsonb not null default '[]',
  error text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index exchange_runs_space on exchange_runs (space_id, created_at desc);

-- A harvested record. Deduplicated by (space, kind, source identifier), identifiers being global (host-prefixed):
-- a re-harvest, in whichever shape, updates it.
create table exchange_records (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  kind text not null check (kind ~ '^[a-z][a-z-]{0,39}$'),
  source_system text not null,
  source_identifier text not null,
  source_origin text not null,
  record_url text,
  title jsonb not null default '{}',
  description jsonb not null default '{}',
  actor_name jsonb not null default '{}',
  -- public contact details of a contact record: { email, phone, address, website }
  contact jsonb not null default '{}',
  countries text[] not null default '{}',
  keywords text[] not null default '{}',
  start_date text,
  end_date text,
  stage text,
  published_at timestamptz,
  source_updated_at timestamptz,
  raw jsonb not null,
  raw_hash text not null,
  harvested_at timestamptz not null,
  created_at timestamptz not null default now(),
  unique (space_id, kind, source_identifier)
);
create index exchange_records_list on exchange_records (space_id, kind, id);
