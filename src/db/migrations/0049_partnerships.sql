-- Issue 13 point 6: organisations publish what they offer and what they seek in a space; Convene suggests matches.

-- An offer or a need, published by a member with the admin role in the organisation it speaks for. Targets are
-- framework item ids of the space's frameworks; countries ISO 3166-1 alpha-2; languages ISO 639-1. A post is out
-- when status = 'published', moderation let it out and its until-date (inclusive) has not passed.
create table partnership_posts (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  side text not null check (side in ('offer', 'need')),
  kind text not null check (kind in ('expertise', 'funding', 'data', 'joint_project', 'other')),
  title jsonb not null,
  description jsonb not null default '{}',
  target_ids uuid[] not null default '{}',
  countries text[] not null default '{}',
  languages text[] not null default '{}',
  until_on date,
  status text not null default 'published' check (status in ('published', 'withdrawn')),
  moderation_status text not null default 'published' check (moderation_status in ('published', 'held', 'hidden')),
  moderation_reason text not null default '',
  report_count integer not null default 0,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  withdrawn_at timestamptz
);
-- the browse page and the matcher read one space's live posts per side, newest first
create index partnership_posts_space on partnership_posts (space_id, side, created_at desc, id);
create index partnership_posts_organisation on partnership_posts (organisation_id);
-- the moderation gate counts a person's posts in a space
create index partnership_posts_author on partnership_posts (space_id, created_by, created_at);
