-- Recognition (seed 000: certification as an incentive). Certificates are not stored: their verification
-- code is an HMAC of organisation, space and date, keyed with this installation's secret, which is made
-- once on first use and kept here so every app process behind a load balancer signs the same way.
create table commitment_recognition_secret (
  id smallint primary key default 1 check (id = 1),
  secret text not null,
  created_at timestamptz not null default now()
);
