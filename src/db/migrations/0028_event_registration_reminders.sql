-- Reminders sent for an event registration (a day and an hour before): one row per registration and kind, so
-- the periodic job sends each reminder once even when it runs twice or on two processes at once.
create table event_registration_reminders (
  registration_id uuid not null references event_registrations(id) on delete cascade,
  kind text not null check (kind in ('day', 'hour')),
  sent_at timestamptz not null default now(),
  primary key (registration_id, kind)
);
