-- Moderation: a platform facility any module's user content uses (consultation contributions first; the
-- community of seed 004 later). A subject is (subject_type, subject_id), e.g. ('consultation_contribution', <uuid>);
-- the module owning the subject keeps its visible state (published / held / hidden) on its own row.

-- Per-space rules; a space without a row uses the defaults written here.
create table moderation_settings (
  space_id uuid primary key references spaces(id) on delete cascade,
  -- a subject is hidden automatically once this many different people reported it
  auto_hide_threshold integer not null default 3 check (auto_hide_threshold between 1 and 100),
  -- a participant's first N posts in the space wait for a moderator (0 = off)
  premoderate_first_posts integer not null default 0 check (premoderate_first_posts between 0 and 50),
  -- posting limits per rolling hour; accounts younger than new_account_days get the stricter one
  posts_per_hour integer not null default 30 check (posts_per_hour between 1 and 1000),
  new_account_posts_per_hour integer not null default 6 check (new_account_posts_per_hour between 1 and 1000),
  new_account_days integer not null default 7 check (new_account_days between 0 and 365),
  -- screen Russian and English abusive language; a match holds the post for review instead of rejecting it
  is_screening_enabled boolean not null default true,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now()
);

create table moderation_reports (
  id uuid primary key default gen_random_uuid(),
  space_id uuid references spaces(id) on delete cascade,
  subject_type text not null,
  subject_id uuid not null,
  reporter_id uuid references users(id) on delete set null,
  reason text not null check (reason in ('spam', 'abuse', 'harassment', 'off_topic', 'personal_data', 'misinformation', 'other')),
  note text not null default '',
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references users(id) on delete set null,
  -- 'upheld' (the subject was hidden) or 'dismissed'
  resolution text check (resolution in ('upheld', 'dismissed'))
);
-- one open report per person per subject: reporting twice does not count twice towards auto-hide
create unique index moderation_reports_once_idx on moderation_reports (subject_type, subject_id, reporter_id) where resolved_at is null;
create index moderation_reports_open_idx on moderation_reports (space_id, created_at) where resolved_at is null;

-- Every moderation decision, by a person or by the system (actor_id null): what, why, when.
create table moderation_log (
  id bigserial primary key,
  space_id uuid references spaces(id) on delete cascade,
  subject_type text not null,
  subject_id uuid,
  -- the person the action is about (author of the subject, or the blocked user)
  subject_user_id uuid references users(id) on delete set null,
  action text not null check (action in ('held', 'approved', 'hidden', 'auto_hidden', 'restored', 'report_dismissed', 'blocked', 'unblocked', 'settings_changed')),
  reason text not null default '',
  actor_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index moderation_log_space_idx on moderation_log (space_id, id desc);
create index moderation_log_subject_idx on moderation_log (subject_type, subject_id);

-- People who may no longer post in a space (they can still read what the space shows them).
create table moderation_blocks (
  space_id uuid not null references spaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  reason text not null default '',
  blocked_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  primary key (space_id, user_id)
);
