-- Issue 13 point 6: follow-up of recommendations accepted in consultation syntheses (seed 003's follow-up and
-- review), tracked per space and carried into the report to the governing body.

-- One follow-up item. recommendation_id is the consultation contribution a facilitator tagged as a
-- recommendation; its label and path are copied in when the item is made (the consultations module owns the
-- contribution, so nothing here reads its tables), and stay even if the contribution is later removed.
create table followup_items (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  number integer not null,
  title jsonb not null,
  description jsonb not null default '{}',
  recommendation_id uuid,
  recommendation_label text not null default '',
  recommendation_path text not null default '',
  actor_organisation_ids uuid[] not null default '{}',
  actor_text text not null default '',
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'dropped')),
  due_on date,
  evidence_text text not null default '',
  evidence_links text[] not null default '{}',
  done_at timestamptz,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (space_id, number)
);
create index followup_items_space_status on followup_items (space_id, status, due_on);
-- one item per accepted recommendation
create unique index followup_items_recommendation on followup_items (space_id, recommendation_id) where recommendation_id is not null;

-- Every status change, written in the transaction that changes the status (the first row is the creation).
-- id orders changes made in the same instant.
create table followup_status_changes (
  id bigserial primary key,
  item_id uuid not null references followup_items(id) on delete cascade,
  from_status text,
  to_status text not null,
  note text not null default '',
  changed_by uuid references users(id) on delete set null,
  changed_at timestamptz not null default now()
);
create index followup_status_changes_item on followup_status_changes (item_id, changed_at);
