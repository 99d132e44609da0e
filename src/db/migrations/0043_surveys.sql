-- Issue 13 point 3: needs-assessment surveys in a space.

-- A survey and its definition. The definition (sections → questions → options/rows) is one JSON document, edited
-- whole by the builder; answers point at its stable keys (q1, o2, r3), so once responses exist the builder only
-- lets texts change and options/rows/questions be added, never removed (see definition.ts).
create table survey_surveys (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  slug text not null,
  title jsonb not null,
  description jsonb not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  opens_at timestamptz,
  closes_at timestamptz,
  -- who answers: anyone (one response per browser, nothing about the person stored), a signed-in person, or an
  -- organisation through one of its members
  respondent text not null default 'person' check (respondent in ('anonymous', 'person', 'organisation')),
  results_public boolean not null default false,
  definition jsonb not null default '{"sections": []}',
  next_key integer not null default 1,
  response_count integer not null default 0,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (space_id, slug)
);

-- One response per respondent, enforced here so concurrent submits cannot make two: respondent_key is
-- 'user:<id>', 'organisation:<id>' or 'browser:<sha-256 of a random cookie>' (anonymous surveys). No IP address
-- is ever stored. The profile (actor type, country, constituency) is copied in at submit time — from the
-- organisation answered for, or as the respondent stated it — so the results need no other module's tables.
create table survey_responses (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references survey_surveys(id) on delete cascade,
  respondent_key text not null,
  user_id uuid references users(id) on delete set null,
  organisation_id uuid references organisations(id) on delete set null,
  actor_type text not null default '',
  country text not null default '',
  constituency text not null default '',
  locale text not null default 'en',
  submitted_at timestamptz not null default now(),
  unique (survey_id, respondent_key)
);

-- Answers, one row per chosen option (scale: the value as option_key; matrix: one per row) or per text answer.
-- Answers to questions the respondent was not shown are never stored. The profile is repeated so the results'
-- group-by reads this table alone.
create table survey_answers (
  response_id uuid not null references survey_responses(id) on delete cascade,
  survey_id uuid not null references survey_surveys(id) on delete cascade,
  question_key text not null,
  row_key text not null default '',
  option_key text not null default '',
  text_value text,
  -- text answers are hidden from public results until a coordinator releases them
  is_released boolean not null default false,
  actor_type text not null default '',
  country text not null default '',
  constituency text not null default '',
  primary key (response_id, question_key, row_key, option_key)
);
create index survey_answers_results on survey_answers (survey_id, question_key, row_key, option_key);

-- The results' counts, kept up to date in the transaction that stores a response (a results page reads a few
-- hundred rows instead of grouping every answer): per question (and matrix row) and option, overall
-- (dimension '') and per group of each profile dimension. option_key '*' counts the item's respondents (distinct
-- responses); question_key '*' counts the survey's respondents per group. rebuildTallies (results.ts) recomputes
-- them from the answers with GROUP BY GROUPING SETS.
create table survey_tallies (
  survey_id uuid not null references survey_surveys(id) on delete cascade,
  question_key text not null,
  row_key text not null default '',
  option_key text not null,
  dimension text not null check (dimension in ('', 'actor_type', 'country', 'constituency')),
  group_key text not null default '',
  count integer not null,
  primary key (survey_id, question_key, row_key, option_key, dimension, group_key)
);
