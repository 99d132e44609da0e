-- Reporting reminders already sent: one row per commitment and due date, so each due period is mailed once.
create table commitment_reminders (
  commitment_id uuid not null references commitments(id) on delete cascade,
  due_date date not null,
  sent_at timestamptz not null default now(),
  primary key (commitment_id, due_date)
);
