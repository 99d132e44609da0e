-- Issue 12, the audience of a space's newsletters and programme digest.

-- Addresses bulk mail (newsletters, digests) no longer goes to: hard bounces, complaints, people who asked for no
-- more mail from this installation. Kept by address, lower-cased, so it holds for people without an account too.
create table mail_suppressions (
  email text primary key check (email = lower(email)),
  reason text not null check (reason in ('hard_bounce', 'complaint', 'manual')),
  detail text not null default '',
  created_at timestamptz not null default now()
);

-- Soft bounces per address, so that repeated ones suppress it (the rule lives in the bounce processing).
create table mail_bounces (
  id bigserial primary key,
  email text not null check (email = lower(email)),
  kind text not null check (kind in ('hard', 'soft', 'complaint')),
  status_code text not null default '',
  diagnostic text not null default '',
  newsletter_id uuid,
  received_at timestamptz not null default now()
);
create index mail_bounces_email on mail_bounces (email, received_at);

-- Who receives a space's newsletters and digest beyond its segments' defaults. Account holders have a row only
-- once they follow the space or opt out (user_id set, email null: their current address is users.email); people
-- without an account subscribe with an address and confirm it (double opt-in: status pending until then).
create table newsletter_subscribers (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  email text check (email = lower(email)),
  locale text not null default 'en',
  status text not null check (status in ('pending', 'active', 'unsubscribed')),
  -- what they want: the space's newsletters, and its programme digest (how often)
  newsletters boolean not null default true,
  digest text not null default 'none' check (digest in ('none', 'weekly', 'monthly')),
  -- optional facts a subscriber without an account gives, so segments by country and actor type can reach them
  country text,
  actor_type text,
  confirm_token_hash text,
  confirm_sent_at timestamptz,
  source text not null default 'form' check (source in ('form', 'api', 'account', 'import')),
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((user_id is null) <> (email is null))
);
create unique index newsletter_subscribers_space_user on newsletter_subscribers (space_id, user_id) where user_id is not null;
create unique index newsletter_subscribers_space_email on newsletter_subscribers (space_id, email) where email is not null;
create index newsletter_subscribers_user on newsletter_subscribers (user_id) where user_id is not null;
create unique index newsletter_subscribers_confirm_token on newsletter_subscribers (confirm_token_hash) where confirm_token_hash is not null;
