-- Attendance of events (issue 11): the installation's signing secret moves to the platform, so that events'
-- attendance certificates and personal join links are signed with the same HMAC piece as commitments'
-- certificates; the existing secret is copied, so every certificate code already printed still verifies.
create table signing_secret (
  id smallint primary key default 1 check (id = 1),
  secret text not null,
  created_at timestamptz not null default now()
);
insert into signing_secret (id, secret, created_at) select id, secret, created_at from commitment_recognition_secret where id = 1;

-- A registrant's self-identified constituency (women, youth, IPLC, …), asked by the registration form when the
-- organiser wants it; only ever reported in aggregate, with small cells suppressed.
alter table event_registrations add column constituency text;
