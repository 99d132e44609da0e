-- Issue 13 point 1: training and mentoring programmes in a space — tracks, cohorts with seats, applications with the
-- organisers' questions, sessions, materials, participants' progress and completion.

-- A programme. `form` is its application form as a survey definition (surveys/definition.ts), edited with the
-- surveys builder; answers point at its stable keys. Markdown is rendered once, when written (description_html).
create table programme_programmes (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  slug text not null,
  title jsonb not null,
  description jsonb not null default '{}',
  description_html jsonb not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'open', 'running', 'completed')),
  form jsonb not null default '{"sections": [{"key": "s1", "title": {}, "description": {}, "questions": []}]}',
  next_key integer not null default 2,
  -- completion rule: attended at least this many of the cohort's sessions (0: all of them)
  required_sessions integer not null default 0 check (required_sessions >= 0),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (space_id, slug)
);

create table programme_tracks (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programme_programmes(id) on delete cascade,
  name jsonb not null,
  description jsonb not null default '{}',
  position integer not null default 0,
  created_at timestamptz not null default now()
);
create index programme_tracks_programme on programme_tracks (programme_id, position);

-- A cohort: its places are a seat pool (platform/seats, kind 'programme_cohort', owner = the cohort), so
-- capacity and the waitlist are the shared piece's. space_id is the cohort's private space, once made.
create table programme_cohorts (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programme_programmes(id) on delete cascade,
  name jsonb not null,
  starts_on date not null,
  ends_on date not null,
  capacity integer check (capacity is null or capacity > 0),
  track_ids uuid[] not null default '{}',
  applications_open_at timestamptz,
  applications_close_at timestamptz,
  space_id uuid references spaces(id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on)
);
create index programme_cohorts_programme on programme_cohorts (programme_id, starts_on);

-- An application: a seat claim (pending until organisers decide) with the answers to the programme's form.
-- status mirrors the claim's (pending, confirmed = accepted, waitlisted, offered, declined, cancelled = withdrawn,
-- expired). The applicant's organisation, actor type and country are copied in when they apply.
create table programme_applications (
  id uuid primary key default gen_random_uuid(),
  cohort_id uuid not null references programme_cohorts(id) on delete cascade,
  programme_id uuid not null references programme_programmes(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  claim_id uuid not null unique,
  status text not null check (status in ('pending', 'confirmed', 'waitlisted', 'offered', 'declined', 'cancelled', 'expired')),
  answers jsonb not null default '[]',
  organisation_id uuid references organisations(id) on delete set null,
  actor_type text not null default '',
  country text not null default '',
  locale text not null default 'en',
  track_id uuid references programme_tracks(id) on delete set null,
  decided_at timestamptz,
  completed_at timestamptz,
  completed_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (cohort_id, user_id)
);
create index programme_applications_user on programme_applications (user_id);
create index programme_applications_programme on programme_applications (programme_id, created_at);

-- A session of a cohort: standalone (title, time) or linked to an event of the space.
create table programme_sessions (
  id uuid primary key default gen_random_uuid(),
  cohort_id uuid not null references programme_cohorts(id) on delete cascade,
  title jsonb not null default '{}',
  starts_at timestamptz,
  event_id uuid references events(id) on delete set null,
  created_at timestamptz not null default now()
);
create index programme_sessions_cohort on programme_sessions (cohort_id, starts_at);

-- A material of a programme: a guidance document of the space's knowledge hub, or a URL.
create table programme_materials (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programme_programmes(id) on delete cascade,
  title jsonb not null default '{}',
  url text,
  document_id uuid references knowledge_documents(id) on delete set null,
  document_slug text,
  created_at timestamptz not null default now()
);
create index programme_materials_programme on programme_materials (programme_id, created_at);

-- Progress: a session attended or a material done, per application.
create table programme_progress (
  application_id uuid not null references programme_applications(id) on delete cascade,
  item_kind text not null check (item_kind in ('session', 'material')),
  item_id uuid not null,
  source text not null default 'organiser' check (source in ('organiser', 'event')),
  marked_by uuid references users(id) on delete set null,
  marked_at timestamptz not null default now(),
  primary key (application_id, item_id)
);
