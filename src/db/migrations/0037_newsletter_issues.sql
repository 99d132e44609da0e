-- Issue 12, newsletters of a space: composed in several languages from blocks, sent to a segment once, archived.

create table newsletters (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  subject jsonb not null default '{}',
  preheader jsonb not null default '{}',
  -- the intro as written (Markdown) and as rendered once when saved, per language
  intro jsonb not null default '{}',
  intro_html jsonb not null default '{}',
  -- [{ "type": "text", "body": {…}, "bodyHtml": {…} } | { "type": "item", "kind": "news", "id": "…" }], in order
  blocks jsonb not null default '[]',
  -- who receives it (see issues/segments.ts); resolved by one query for the count, the sample and the send
  segment jsonb not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at timestamptz,
  created_by uuid references users(id) on delete set null,
  sent_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  send_started_at timestamptz,
  sent_at timestamptz,
  cancelled_at timestamptz,
  -- counts kept by the sender in the transaction that changes a delivery
  recipient_count integer not null default 0,
  sent_count integer not null default 0,
  skipped_count integer not null default 0,
  failed_count integer not null default 0,
  -- the sending process holds a lease it renews while it sends; an expired lease means it died and another resumes
  lease_owner text,
  lease_until timestamptz,
  check (status <> 'scheduled' or scheduled_at is not null)
);
create index newsletters_space on newsletters (space_id, status, sent_at desc);
create index newsletters_due on newsletters (scheduled_at) where status = 'scheduled';
create index newsletters_sending on newsletters (lease_until) where status = 'sending';

-- One row per address a newsletter goes to, made once when sending starts. `sent` is committed before the SMTP
-- terminator of the message goes out (issues/send.ts), so a crash neither loses nor doubles a mail.
create table newsletter_deliveries (
  id bigserial primary key,
  newsletter_id uuid not null references newsletters(id) on delete cascade,
  email text not null check (email = lower(email)),
  locale text not null,
  recipient_kind text not null check (recipient_kind in ('user', 'subscriber')),
  recipient_id uuid not null,
  display_name text not null default '',
  status text not null default 'pending' check (status in ('pending', 'sent', 'skipped', 'failed')),
  sent_at timestamptz,
  error text,
  unique (newsletter_id, email)
);
create index newsletter_deliveries_pending on newsletter_deliveries (newsletter_id, id) where status = 'pending';
