-- Events (issue 11) and the platform's seats: capacity with a fair first-come waitlist, shared by events,
-- sessions and (later) programme cohorts. Tables are mirrored in src/platform/seats/schema.ts and
-- src/modules/events/schema.ts; this file is the source of truth.

-- A pool of seats: one per event, per session with its own registration, per cohort. `confirmed` and `offered`
-- are kept in the writing transaction under the pool's row lock, so capacity is checked against them, never
-- against a count. capacity null = unlimited.
create table seat_pools (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  owner_id uuid not null,
  capacity integer check (capacity is null or capacity >= 0),
  confirmed integer not null default 0 check (confirmed >= 0),
  offered integer not null default 0 check (offered >= 0),
  offer_hours integer not null default 48 check (offer_hours between 1 and 720),
  created_at timestamptz not null default now(),
  unique (kind, owner_id)
);

create sequence seat_queue_seq;

-- One person's claim on a pool. status: pending (awaiting approval; holds no seat), confirmed, waitlisted
-- (queue_seq orders the queue: first come, first offered), offered (a seat held for them until
-- offer_expires_at), cancelled (by themselves or an organiser), declined (by an organiser, or the offer
-- turned down), expired (an offer not taken in time).
create table seat_claims (
  id uuid primary key default gen_random_uuid(),
  pool_id uuid not null references seat_pools(id) on delete cascade,
  holder_id uuid not null,
  status text not null check (status in ('pending', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'declined', 'expired')),
  queue_seq bigint not null default nextval('seat_queue_seq'),
  offered_at timestamptz,
  offer_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One live claim per person and pool; a cancelled one can be followed by a new claim (back of the queue).
create unique index seat_claims_live on seat_claims (pool_id, holder_id) where status in ('pending', 'confirmed', 'waitlisted', 'offered');
create index seat_claims_queue on seat_claims (pool_id, queue_seq) where status = 'waitlisted';
create index seat_claims_offers on seat_claims (offer_expires_at) where status = 'offered';
create index seat_claims_holder on seat_claims (holder_id);

create table event_series (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  title jsonb not null,
  created_at timestamptz not null default now()
);
create index event_series_space on event_series (space_id);

-- status: draft | published | cancelled. "Running" and "ended" follow from the clock; registration
-- open/closed is registration_state. is_external: another organiser's meeting, listed with its own link.
create table events (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  slug text not null,
  series_id uuid references event_series(id) on delete set null,
  kind text not null check (kind in ('in_person', 'online', 'hybrid')),
  status text not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
  visibility text not null default 'public' check (visibility in ('public', 'members', 'invitation')),
  title jsonb not null,
  summary jsonb not null default '{}',
  description jsonb not null default '{}',
  description_html jsonb not null default '{}',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  time_zone text not null,
  venue_name text not null default '',
  venue_address text not null default '',
  country text not null default '',
  map_url text,
  -- The meeting link: never shown on a public page, feed, API answer or widget; registrants reach it
  -- through their personal /join/<token> link. Bumping join_epoch invalidates every personal link.
  meeting_url text,
  join_epoch integer not null default 1,
  languages text[] not null default '{}',
  interpretation text[] not null default '{}',
  accessibility jsonb not null default '{}',
  themes text[] not null default '{}',
  target_ids uuid[] not null default '{}',
  is_external boolean not null default false,
  external_url text,
  registration_state text not null default 'closed' check (registration_state in ('open', 'closed')),
  registration_mode text not null default 'open' check (registration_mode in ('open', 'approval')),
  allows_organisation boolean not null default true,
  registration_closes_at timestamptz,
  closing_notes jsonb not null default '{}',
  closing_notes_html jsonb not null default '{}',
  -- iCalendar SEQUENCE: incremented by every change a calendar would show (time, place, title, status).
  sequence integer not null default 0,
  search_vector tsvector,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  cancelled_at timestamptz,
  check (ends_at > starts_at),
  unique (space_id, slug)
);
create index events_upcoming on events (starts_at, id) where status <> 'draft';
create index events_space_starts on events (space_id, starts_at);
create index events_search on events using gin (search_vector);
create index events_themes on events using gin (themes);

create table event_organisers (
  event_id uuid not null references events(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  position integer not null default 0,
  primary key (event_id, organisation_id)
);
create index event_organisers_organisation on event_organisers (organisation_id);

-- Agenda. type: plenary | panel | workshop | breakout | design_thinking | unconference | break | other.
-- has_registration: the session takes its own registrations (seat pool kind 'event_session').
create table event_sessions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  title jsonb not null,
  description jsonb not null default '{}',
  description_html jsonb not null default '{}',
  type text not null default 'other',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  track text not null default '',
  room text not null default '',
  has_registration boolean not null default false,
  recording_url text,
  slides_url text,
  links jsonb not null default '[]',
  consultation_topic_id uuid,
  proposal_id uuid,
  sequence integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index event_sessions_event on event_sessions (event_id, starts_at);

-- Speakers and moderators: a person on the platform (user_id) or a named guest.
create table event_session_people (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references event_sessions(id) on delete cascade,
  role text not null check (role in ('speaker', 'moderator')),
  user_id uuid references users(id) on delete set null,
  name text not null default '',
  organisation text not null default '',
  bio jsonb not null default '{}',
  position integer not null default 0
);
create index event_session_people_session on event_session_people (session_id, position);
create index event_session_people_user on event_session_people (user_id);

-- A participant's personal agenda.
create table event_agenda_marks (
  user_id uuid not null references users(id) on delete cascade,
  session_id uuid not null references event_sessions(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, session_id)
);

-- The organiser's own registration questions. kind: text | single | multiple.
create table event_questions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  position integer not null default 0,
  kind text not null check (kind in ('text', 'single', 'multiple')),
  label jsonb not null,
  options jsonb not null default '[]',
  is_required boolean not null default false
);
create index event_questions_event on event_questions (event_id, position);

-- A person's registration for an event; its seat (and place in the queue) is its claim. The status lives in
-- seat_claims only. check_in_code: typed or scanned at the door. The personal join link's token is not
-- stored: it is an HMAC of the registration and the event's join_epoch under the installation's secret.
create table event_registrations (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  claim_id uuid not null references seat_claims(id) on delete cascade,
  organisation_id uuid references organisations(id) on delete set null,
  answers jsonb not null default '{}',
  locale text not null default 'en',
  check_in_code text not null,
  checked_in_at timestamptz,
  attended_online_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (claim_id),
  unique (event_id, check_in_code)
);
create index event_registrations_event on event_registrations (event_id, created_at);
create index event_registrations_user on event_registrations (user_id);

-- Registration for a session with its own seats (requires a confirmed event registration).
create table event_session_registrations (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references event_sessions(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  claim_id uuid not null references seat_claims(id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (claim_id)
);
create index event_session_registrations_session on event_session_registrations (session_id);
create index event_session_registrations_user on event_session_registrations (user_id);

-- Invitations to an invitation-only event: by address; the token is mailed, only its hash kept.
create table event_invitations (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  email text not null,
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  user_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  unique (event_id, email)
);

-- A person's secret iCalendar feed of what they registered for (only the hash is kept).
create table event_calendar_feeds (
  user_id uuid primary key references users(id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now()
);

-- Unconference: proposals go through the moderation gate (status), votes are limited per person.
create table event_unconferences (
  event_id uuid primary key references events(id) on delete cascade,
  state text not null default 'closed' check (state in ('closed', 'proposals', 'voting', 'scheduling', 'published')),
  votes_per_person integer not null default 3 check (votes_per_person between 1 and 50),
  proposals_close_at timestamptz,
  voting_closes_at timestamptz,
  published_at timestamptz
);

create table event_unconference_rooms (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  name text not null,
  capacity integer not null check (capacity > 0),
  position integer not null default 0
);
create index event_unconference_rooms_event on event_unconference_rooms (event_id);

create table event_unconference_slots (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  check (ends_at > starts_at)
);
create index event_unconference_slots_event on event_unconference_slots (event_id, starts_at);

create table event_proposals (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events(id) on delete cascade,
  host_user_id uuid references users(id) on delete set null,
  title text not null,
  description text not null default '',
  format text not null default 'discussion',
  language text not null default '',
  -- Slots the host can lead in (empty = any), and the votes kept in the voting transaction.
  available_slot_ids uuid[] not null default '{}',
  preferred_slot_ids uuid[] not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'published', 'hidden', 'withdrawn')),
  votes integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index event_proposals_event on event_proposals (event_id, status);

create table event_proposal_votes (
  proposal_id uuid not null references event_proposals(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (proposal_id, user_id)
);
create index event_proposal_votes_user on event_proposal_votes (event_id, user_id);

-- The built (and adjusted) schedule: one row per placed proposal; is_pinned rows are kept by a rebuild.
create table event_unconference_schedule (
  proposal_id uuid primary key references event_proposals(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  slot_id uuid not null references event_unconference_slots(id) on delete cascade,
  room_id uuid not null references event_unconference_rooms(id) on delete cascade,
  is_pinned boolean not null default false,
  unique (slot_id, room_id)
);
