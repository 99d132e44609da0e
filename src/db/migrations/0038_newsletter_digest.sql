-- Issue 12, the programme digest: one row per space, period and recipient, written in the same transaction that
-- queues the mail, so a digest run that is repeated (a retried job, a second worker) never mails anyone twice.
create table newsletter_digest_deliveries (
  space_id uuid not null references spaces(id) on delete cascade,
  -- the frequency and the period's first day: 'weekly:2026-03-02' (a Monday), 'monthly:2026-03-01'
  period text not null,
  -- who: 'user:<uuid>' (an account holder following the space) or 'subscriber:<uuid>' (a newsletter_subscribers row)
  recipient text not null,
  item_count integer not null,
  sent_at timestamptz not null default now(),
  primary key (space_id, period, recipient)
);
create index newsletter_digest_deliveries_recipient on newsletter_digest_deliveries (recipient);
