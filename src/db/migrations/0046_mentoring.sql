-- Issue 13 point 2: mentoring in a space (the "programmes" feature). Mentors offer, mentees ask, organisers
-- confirm the pairs the matcher (platform/matching) suggests, pairs log their meetings.

-- A mentor's offer: one per person and space. Expertise is framework items of the space's frameworks and free
-- tags; languages are ISO 639-1; the time zone is IANA (checked with Intl when saved). `status`: open (listed
-- and suggested), paused (kept, neither listed nor suggested), withdrawn (its active pairs closed).
-- programme_id names a programme of the space when there is one: a plain uuid, no foreign key (the programmes
-- module is another's and this module never reads its tables).
create table mentoring_mentors (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  display_name text not null,
  bio text not null default '',
  item_ids uuid[] not null default '{}',
  tags text[] not null default '{}',
  languages text[] not null default '{}',
  time_zone text not null,
  capacity integer not null check (capacity between 1 and 20),
  status text not null default 'open' check (status in ('open', 'paused', 'withdrawn')),
  programme_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  unique (space_id, user_id)
);

-- A mentee's request: one per person and space. `needs` is free text seen only by the person, the space's
-- organisers and, once paired, their mentor. `status`: waiting, paired, closed (their pair ended), withdrawn;
-- created_at is "waiting since" (reset when a closed or withdrawn request is made again).
create table mentoring_mentees (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  display_name text not null,
  needs text not null default '',
  item_ids uuid[] not null default '{}',
  tags text[] not null default '{}',
  languages text[] not null default '{}',
  time_zone text not null,
  status text not null default 'waiting' check (status in ('waiting', 'paired', 'closed', 'withdrawn')),
  programme_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  unique (space_id, user_id)
);

-- A pair an organiser confirmed, with the matcher's score and reasons at that moment. A mentee has at most one
-- active pair (the partial unique index makes a racing second confirmation fail); a mentor's capacity is checked
-- with the mentor's row locked.
create table mentoring_pairs (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  mentor_id uuid not null references mentoring_mentors(id) on delete cascade,
  mentee_id uuid not null references mentoring_mentees(id) on delete cascade,
  status text not null default 'active' check (status in ('active', 'closed')),
  score numeric,
  reasons jsonb not null default '{}',
  confirmed_by uuid references users(id) on delete set null,
  confirmed_at timestamptz not null default now(),
  closed_at timestamptz
);
create unique index mentoring_pairs_one_active on mentoring_pairs (mentee_id) where status = 'active';
create index mentoring_pairs_mentor on mentoring_pairs (mentor_id, status);
create index mentoring_pairs_space on mentoring_pairs (space_id, confirmed_at);

-- A suggestion an organiser turned down: not suggested again for that mentee.
create table mentoring_rejections (
  mentee_id uuid not null references mentoring_mentees(id) on delete cascade,
  mentor_id uuid not null references mentoring_mentors(id) on delete cascade,
  rejected_by uuid references users(id) on delete set null,
  rejected_at timestamptz not null default now(),
  primary key (mentee_id, mentor_id)
);

-- Meetings a pair logs; notes are seen by the pair and the space's organisers only.
create table mentoring_meetings (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references mentoring_pairs(id) on delete cascade,
  met_on date not null,
  minutes integer not null check (minutes between 5 and 600),
  notes text not null default '',
  logged_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index mentoring_meetings_pair on mentoring_meetings (pair_id, met_on);
