-- Consultations (issue 4): discussion groups → topics → guiding questions, threaded contributions,
-- breakout groups and plenary, synthesis and recurring findings, good-practice records.
-- A window (opens_at/closes_at) may sit on the consultation, a group and a topic; the state a participant sees
-- (upcoming / open / closed / archived) is derived at read time from the innermost window and the clock.

create table consultations (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  -- 'public': anyone who can see the space; 'members': only people holding a role in the space
  visibility text not null default 'public' check (visibility in ('public', 'members')),
  -- 'draft' while the secretariat builds it (coordinators and facilitators only); 'published' afterwards
  status text not null default 'draft' check (status in ('draft', 'published')),
  opens_at timestamptz,
  closes_at timestamptz,
  archived_at timestamptz,
  -- how long an author may edit a contribution after posting it
  edit_window_minutes integer not null default 60 check (edit_window_minutes between 0 and 10080),
  -- replies nest at most this deep (0 = top level only)
  max_reply_depth integer not null default 3 check (max_reply_depth between 0 and 8),
  -- the outline text it was built from, kept so the secretariat can see what was imported
  source_outline text not null default '',
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (space_id, slug),
  check (closes_at is null or opens_at is null or closes_at > opens_at)
);

-- A discussion group (seed 000: "Discussion group 1") or a meeting session with breakouts (seed 003).
create table consultation_groups (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations(id) on delete cascade,
  -- 1, 2, 3 … within the consultation, in display order; the group's address
  number integer not null check (number > 0),
  kind text not null default 'discussion' check (kind in ('discussion', 'session')),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  opens_at timestamptz,
  closes_at timestamptz,
  created_at timestamptz not null default now(),
  unique (consultation_id, number),
  check (closes_at is null or opens_at is null or closes_at > opens_at)
);

create table consultation_group_facilitators (
  group_id uuid not null references consultation_groups(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (group_id, user_id)
);

create table consultation_topics (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations(id) on delete cascade,
  group_id uuid not null references consultation_groups(id) on delete cascade,
  -- 1, 2, 3 … across the whole consultation (seed 000 numbers topics 1–6 across groups); the topic's address
  number integer not null check (number > 0),
  position integer not null default 0,
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  opens_at timestamptz,
  closes_at timestamptz,
  created_at timestamptz not null default now(),
  unique (consultation_id, number),
  check (closes_at is null or opens_at is null or closes_at > opens_at)
);
create index consultation_topics_group_idx on consultation_topics (group_id, position);

create table consultation_questions (
  id uuid primary key default gen_random_uuid(),
  topic_id uuid not null references consultation_topics(id) on delete cascade,
  -- 1, 2, 3 … within the topic
  number integer not null check (number > 0),
  text jsonb not null,
  unique (topic_id, number)
);

-- Breakout groups of a session: participants split by a facilitator answer the session's questions in parallel.
create table consultation_breakouts (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references consultation_groups(id) on delete cascade,
  number integer not null check (number > 0),
  name jsonb not null,
  created_at timestamptz not null default now(),
  unique (group_id, number)
);

-- A participant sits in at most one breakout per session.
create table consultation_breakout_members (
  group_id uuid not null references consultation_groups(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  breakout_id uuid not null references consultation_breakouts(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (group_id, user_id)
);
create index consultation_breakout_members_breakout_idx on consultation_breakout_members (breakout_id);

create table consultation_contributions (
  id uuid primary key default gen_random_uuid(),
  -- short public reference: …/contributions/1234
  number bigserial not null unique,
  consultation_id uuid not null references consultations(id) on delete cascade,
  topic_id uuid not null references consultation_topics(id) on delete cascade,
  -- the guiding question answered, or null for the topic as a whole
  question_id uuid references consultation_questions(id) on delete set null,
  -- set when posted inside a breakout group; only that group (and facilitators) see it while the session runs
  breakout_id uuid references consultation_breakouts(id) on delete set null,
  parent_id uuid references consultation_contributions(id) on delete cascade,
  -- the top-level contribution of the thread (itself for a top-level one), so a page of threads is one query
  root_id uuid,
  depth integer not null default 0 check (depth between 0 and 8),
  author_id uuid references users(id) on delete set null,
  -- posted on behalf of an organisation the author belongs to
  organisation_id uuid references organisations(id) on delete set null,
  -- self-identified constituency (women, youth, IPLC, …); only ever reported in aggregate
  constituency text,
  -- language the contribution is written in ('en', 'ru', …)
  language text not null default 'en',
  body text not null check (length(body) between 1 and 20000),
  -- 'published'; 'held' waiting for a moderator (screening or pre-moderation); 'hidden' by a moderator or by reports;
  -- 'deleted' by its author (the thread keeps its place)
  status text not null default 'published' check (status in ('published', 'held', 'hidden', 'deleted')),
  -- why it is held or hidden, shown to its author
  moderation_reason text not null default '',
  report_count integer not null default 0,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  search_vector tsvector generated always as (
    case when language = 'ru' then to_tsvector('russian', body) else to_tsvector('english', body) end
  ) stored
);
create index consultation_contributions_topic_idx on consultation_contributions (topic_id, root_id, created_at);
create index consultation_contributions_consultation_idx on consultation_contributions (consultation_id, created_at);
create index consultation_contributions_parent_idx on consultation_contributions (parent_id);
create index consultation_contributions_author_idx on consultation_contributions (author_id, created_at);
create index consultation_contributions_status_idx on consultation_contributions (consultation_id, status) where status <> 'published';
create index consultation_contributions_search_idx on consultation_contributions using gin (search_vector);
create index consultation_contributions_trgm_idx on consultation_contributions using gin (body gin_trgm_ops);

-- Earlier versions of an edited contribution (the history its readers can open).
create table consultation_contribution_revisions (
  id uuid primary key default gen_random_uuid(),
  contribution_id uuid not null references consultation_contributions(id) on delete cascade,
  body text not null,
  -- when this version was written (the contribution's created_at or previous edited_at)
  written_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index consultation_contribution_revisions_idx on consultation_contribution_revisions (contribution_id, created_at);

create table consultation_reactions (
  contribution_id uuid not null references consultation_contributions(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (kind in ('agree', 'useful')),
  created_at timestamptz not null default now(),
  primary key (contribution_id, user_id, kind)
);

-- Following a topic (new contributions) or a whole consultation (new topics and contributions).
create table consultation_follows (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  consultation_id uuid not null references consultations(id) on delete cascade,
  topic_id uuid references consultation_topics(id) on delete cascade,
  created_at timestamptz not null default now()
);
create unique index consultation_follows_once_idx on consultation_follows (user_id, consultation_id, coalesce(topic_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Things to tell a person about, sent at once or gathered into their daily/weekly digest (users.notification_settings).
create table consultation_notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (kind in ('reply', 'new_contribution', 'new_topic')),
  consultation_id uuid not null references consultations(id) on delete cascade,
  topic_id uuid references consultation_topics(id) on delete cascade,
  contribution_id uuid references consultation_contributions(id) on delete cascade,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index consultation_notifications_pending_idx on consultation_notifications (user_id, created_at) where sent_at is null;

-- Facilitators' tags on contributions, for synthesis.
create table consultation_tags (
  contribution_id uuid not null references consultation_contributions(id) on delete cascade,
  tag text not null check (tag in ('good_practice', 'recommendation', 'gap', 'partnership_offer', 'agreement', 'disagreement')),
  -- for good practices: policy, legislation, project, institution, fund, other
  practice_kind text check (practice_kind in ('policy', 'legislation', 'project', 'institution', 'fund', 'other')),
  note text not null default '',
  tagged_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (contribution_id, tag),
  check ((tag = 'good_practice') = (practice_kind is not null))
);
create index consultation_tags_tag_idx on consultation_tags (tag);

-- A facilitator's synthesis of a topic, or of a session's plenary (topic_id null, group_id set).
create table consultation_syntheses (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations(id) on delete cascade,
  topic_id uuid references consultation_topics(id) on delete cascade,
  group_id uuid references consultation_groups(id) on delete cascade,
  body text not null default '',
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  check ((topic_id is null) <> (group_id is null))
);
create unique index consultation_syntheses_topic_idx on consultation_syntheses (topic_id) where topic_id is not null;
create unique index consultation_syntheses_group_idx on consultation_syntheses (group_id) where group_id is not null;

-- Findings that recur across groups: suggested by clustering, accepted or rejected by a facilitator.
create table consultation_findings (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations(id) on delete cascade,
  title text not null,
  summary text not null default '',
  status text not null default 'suggested' check (status in ('suggested', 'accepted', 'rejected')),
  -- the sorted member contribution ids, so re-running the suggestion does not offer a decided cluster again
  signature text not null,
  score real not null default 0,
  decided_by uuid references users(id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  unique (consultation_id, signature)
);

create table consultation_finding_items (
  finding_id uuid not null references consultation_findings(id) on delete cascade,
  contribution_id uuid not null references consultation_contributions(id) on delete cascade,
  primary key (finding_id, contribution_id)
);

-- Good practices as records of their own (tagged in a consultation today; listed by a knowledge hub later).
create table good_practices (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  -- where it came from, e.g. ('consultation_contribution', <uuid>)
  source_type text not null,
  source_id uuid not null,
  kind text not null check (kind in ('policy', 'legislation', 'project', 'institution', 'fund', 'other')),
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  organisation_id uuid references organisations(id) on delete set null,
  language text not null default 'en',
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source_type, source_id)
);
create index good_practices_space_idx on good_practices (space_id, kind);
