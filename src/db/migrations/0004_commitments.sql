-- Commitments: measurable pledges by actors in a space, their indicators, revisions, review trail and
-- progress reports. Space-level settings (criteria, review window, status-light thresholds, memorandum
-- mode) live in commitment_space_settings so the module never writes the spaces table.

create table commitment_space_settings (
  space_id uuid primary key references spaces(id) on delete cascade,
  -- 'commitments' or 'memorandum' (seed 001: signatories and the programme activities each takes on)
  mode text not null default 'commitments' check (mode in ('commitments', 'memorandum')),
  -- criteria the coordinator switched on: require_target, require_indicator_target, require_end_or_review_date, require_intent_to_report
  criteria text[] not null default '{}',
  review_window_days integer not null default 28 check (review_window_days between 0 and 365),
  green_months integer not null default 12 check (green_months between 1 and 120),
  red_months integer not null default 24 check (red_months between 1 and 240),
  updated_at timestamptz not null default now()
);

-- Countries whose focal points chose to publish every commitment naming them without review.
create table commitment_country_settings (
  space_id uuid not null references spaces(id) on delete cascade,
  country text not null check (country ~ '^[A-Z]{2}$'),
  is_auto_publish boolean not null default false,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (space_id, country)
);

create table commitments (
  id uuid primary key default gen_random_uuid(),
  -- short public reference, e.g. /spaces/nature-action-agenda/commitments/42
  number bigserial not null unique,
  space_id uuid not null references spaces(id) on delete cascade,
  -- who commits: an organisation, or a person for an individual commitment
  organisation_id uuid references organisations(id) on delete restrict,
  person_user_id uuid references users(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  template text not null default 'organisation' check (template in ('person', 'organisation', 'business', 'local_government')),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  primary_item_id uuid references framework_items(id) on delete set null,
  themes text[] not null default '{}',
  coverage text not null default 'national' check (coverage in ('local', 'national', 'multi_country', 'regional', 'global')),
  countries text[] not null default '{}',
  regions text[] not null default '{}',
  location_note jsonb not null default '{}'::jsonb,
  start_date date,
  end_date date,
  is_open_ended boolean not null default false,
  review_date date,
  stage text not null default 'planning' check (stage in ('planning', 'development', 'implementation', 'evaluation', 'completed')),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'under_review', 'returned', 'published', 'withdrawn')),
  contacts jsonb not null default '[]'::jsonb,
  target_audience jsonb not null default '{}'::jsonb,
  scale text not null default '',
  expected_impact jsonb not null default '{}'::jsonb,
  funding_source text not null default '',
  funding_sufficiency text not null default 'unknown' check (funding_sufficiency in ('sufficient', 'partial', 'insufficient', 'unknown')),
  funding_amount numeric(18, 2),
  funding_currency text,
  links jsonb not null default '[]'::jsonb,
  is_partner_display_allowed boolean not null default false,
  intends_to_report boolean not null default false,
  -- the step of the multi-page form the author last saved (drafts resume there)
  draft_step integer not null default 1,
  submitted_at timestamptz,
  review_deadline timestamptz,
  published_at timestamptz,
  returned_at timestamptz,
  return_comment text,
  last_report_at date,
  revision integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- every language's title and description, for trigram matching (typos) and ILIKE
  search_text text not null default '',
  -- full text in both dictionaries: English stemming for English text, Russian for Russian
  search_vector tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
    setweight(to_tsvector('english', coalesce(description->>'en', '')), 'B') ||
    setweight(to_tsvector('russian', coalesce(title->>'ru', '')), 'A') ||
    setweight(to_tsvector('russian', coalesce(description->>'ru', '')), 'B')
  ) stored,
  check (organisation_id is not null or person_user_id is not null)
);
create index commitments_space_status_idx on commitments (space_id, status, published_at desc);
create index commitments_organisation_idx on commitments (organisation_id);
create index commitments_person_idx on commitments (person_user_id);
create index commitments_primary_item_idx on commitments (primary_item_id);
create index commitments_countries_idx on commitments using gin (countries);
create index commitments_search_idx on commitments using gin (search_vector);
create index commitments_search_trgm_idx on commitments using gin (search_text gin_trgm_ops);

-- Framework items a commitment contributes to (the primary one is also in commitments.primary_item_id).
create table commitment_targets (
  commitment_id uuid not null references commitments(id) on delete cascade,
  framework_item_id uuid not null references framework_items(id) on delete cascade,
  is_primary boolean not null default false,
  primary key (commitment_id, framework_item_id)
);
create index commitment_targets_item_idx on commitment_targets (framework_item_id);

create table commitment_partners (
  id uuid primary key default gen_random_uuid(),
  commitment_id uuid not null references commitments(id) on delete cascade,
  -- a partner on the platform, or a named outside one
  organisation_id uuid references organisations(id) on delete set null,
  name text not null default '',
  role text not null default '',
  position integer not null default 0,
  check (organisation_id is not null or name <> '')
);
create index commitment_partners_commitment_idx on commitment_partners (commitment_id);
create index commitment_partners_organisation_idx on commitment_partners (organisation_id);

create table commitment_indicators (
  id uuid primary key default gen_random_uuid(),
  commitment_id uuid not null references commitments(id) on delete cascade,
  position integer not null default 0,
  name jsonb not null,
  unit text not null default '',
  baseline_value numeric,
  baseline_date date,
  target_value numeric,
  target_date date,
  direction text not null default 'increase' check (direction in ('increase', 'decrease', 'maintain'))
);
create index commitment_indicators_commitment_idx on commitment_indicators (commitment_id);

-- Every edit after publication keeps the previous state, for the public history.
create table commitment_revisions (
  id uuid primary key default gen_random_uuid(),
  commitment_id uuid not null references commitments(id) on delete cascade,
  revision integer not null,
  changed_fields text[] not null default '{}',
  snapshot jsonb not null,
  edited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (commitment_id, revision)
);

-- The review trail: submissions, decisions, returns with comments, window openings, auto-publications.
create table commitment_review_events (
  id uuid primary key default gen_random_uuid(),
  commitment_id uuid not null references commitments(id) on delete cascade,
  actor_user_id uuid references users(id) on delete set null,
  role text not null default '' check (role in ('', 'author', 'coordinator', 'focal_point', 'system')),
  country text not null default '',
  action text not null check (action in ('submitted', 'review_started', 'window_opened', 'returned', 'published', 'auto_published', 'withdrawn')),
  comment text not null default '',
  created_at timestamptz not null default now()
);
create index commitment_review_events_commitment_idx on commitment_review_events (commitment_id, created_at);

create table progress_reports (
  id uuid primary key default gen_random_uuid(),
  commitment_id uuid not null references commitments(id) on delete cascade,
  report_date date not null,
  stage text not null check (stage in ('planning', 'development', 'implementation', 'evaluation', 'completed')),
  percent_complete integer check (percent_complete between 0 and 100),
  narrative jsonb not null default '{}'::jsonb,
  evidence_links jsonb not null default '[]'::jsonb,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index progress_reports_commitment_idx on progress_reports (commitment_id, report_date desc);

create table progress_values (
  report_id uuid not null references progress_reports(id) on delete cascade,
  indicator_id uuid not null references commitment_indicators(id) on delete cascade,
  value numeric not null,
  primary key (report_id, indicator_id)
);
create index progress_values_indicator_idx on progress_values (indicator_id);
