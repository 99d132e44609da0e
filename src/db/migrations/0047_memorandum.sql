-- Issue 13 point 4: the programme memorandum of a space whose commitments run in memorandum mode (seed 001).

-- Every published version of the memorandum's text, kept for ever (organisations sign a version). The Markdown is
-- kept as written (per language) and rendered once, when the version is published; the change summary says what a
-- version changed, for the versions list and the re-sign mail.
create table memorandum_versions (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  version integer not null check (version > 0),
  body_md jsonb not null,
  body_html jsonb not null,
  change_summary jsonb not null default '{}',
  published_by uuid references users(id) on delete set null,
  published_at timestamptz not null default now(),
  unique (space_id, version)
);

-- An organisation's signature of a space's memorandum, one row per organisation and space (its current state):
-- the version it signed last and whether it stands or was withdrawn. A signature of a version older than the
-- newest is shown as "signed an earlier version, invited to re-sign"; invited_version is the newest version its
-- admins were mailed about, so the invitation job mails each organisation once per version even when it runs twice.
create table memorandum_signatures (
  space_id uuid not null references spaces(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  status text not null check (status in ('signed', 'withdrawn')),
  version integer not null,
  signed_at timestamptz not null,
  signed_by uuid references users(id) on delete set null,
  first_signed_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawal_reason text not null default '',
  invited_version integer,
  primary key (space_id, organisation_id)
);
create index memorandum_signatures_roster on memorandum_signatures (space_id, status, signed_at desc);

-- What happened, in order: signings, re-signings and withdrawals, with who acted. The roster's feed, the report's
-- figures for a period (signatories at its end, new signings, withdrawals) and the person's data export read it.
-- The id orders events that share a moment (the report reads each organisation's last one).
create table memorandum_signature_events (
  id bigint generated always as identity primary key,
  space_id uuid not null references spaces(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  action text not null check (action in ('signed', 'resigned', 'withdrawn')),
  version integer not null,
  user_id uuid references users(id) on delete set null,
  reason text not null default '',
  created_at timestamptz not null default now()
);
create index memorandum_signature_events_space on memorandum_signature_events (space_id, created_at desc);
create index memorandum_signature_events_user on memorandum_signature_events (user_id) where user_id is not null;
