-- Issue 13 point 5: the report to the governing body. A report is a draft the space's coordinators edit (title,
-- period, document symbol, which sections, the secretariat's narratives); freezing it stores a version whose
-- snapshot never changes afterwards, whatever happens to the data it was drawn from.
create table report_reports (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  title jsonb not null,
  -- the half-open period [period_from, period_until): the form asks for the last day and stores the day after it
  period_from date not null,
  period_until date not null check (period_until > period_from),
  -- free text such as "UNEP/MC/COP.6/INF/12"
  symbol text not null default '',
  -- keys of the registered section sources the report includes (platform/reports/sections.ts), in report order
  section_keys text[] not null default '{}',
  -- slot ('start', 'after:<section key>', 'end') -> { markdown: {locale: text}, html: {locale: html} }; the HTML is
  -- rendered when written, never per request
  narratives jsonb not null default '{}',
  version_count integer not null default 0,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index report_reports_space_idx on report_reports (space_id, created_at desc);

-- A frozen version: for every UI language, the sections' blocks as they were loaded, the narratives, and the
-- document rendered to HTML and Markdown. The permalink serves this row only.
create table report_versions (
  report_id uuid not null references report_reports(id) on delete cascade,
  number integer not null check (number > 0),
  title jsonb not null,
  symbol text not null default '',
  period_from date not null,
  period_until date not null,
  snapshot jsonb not null,
  frozen_at timestamptz not null default now(),
  frozen_by uuid references users(id) on delete set null,
  primary key (report_id, number)
);
