-- Showcases (issue 12, point 6): a space's coordinators curate commitments, good practices, stories and events for
-- a high-level meeting or a campaign. Mirrored in src/modules/showcases/schema.ts; this file is the source of truth.

-- One showcase of a space. intro is Markdown per language; intro_html is its HTML, rendered once when written.
-- occasion names the meeting or campaign ("COP17 high-level segment"), with optional dates.
create table showcases (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title jsonb not null,
  intro jsonb not null default '{}',
  intro_html jsonb not null default '{}',
  occasion jsonb not null default '{}',
  starts_on date,
  ends_on date check (ends_on is null or starts_on is null or ends_on >= starts_on),
  colour text not null default '' check (colour = '' or colour ~ '^#[0-9a-f]{6}$'),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (space_id, slug)
);
-- The space's list: published first by publication, newest first.
create index showcases_space on showcases (space_id, status, published_at desc);

-- The showcase's entries in order: a reference to a content source's item (kind, item_id), or a section heading
-- (kind 'section', item_id ''). Items are resolved at read time through their source, so one that stops being
-- public drops out of the page by itself. note is the curator's note per language; label is the item's title when it
-- was added, shown only to curators to name an item that is no longer public (its source no longer answers for it).
create table showcase_items (
  id uuid primary key default gen_random_uuid(),
  showcase_id uuid not null references showcases(id) on delete cascade,
  position integer not null,
  kind text not null check (kind ~ '^[a-z][a-z-]{0,39}$'),
  item_id text not null default '' check (length(item_id) <= 100),
  heading jsonb not null default '{}',
  note jsonb not null default '{}',
  label jsonb not null default '{}',
  added_at timestamptz not null default now(),
  check ((kind = 'section') = (item_id = ''))
);
create index showcase_items_order on showcase_items (showcase_id, position);
-- An item is curated once per showcase.
create unique index showcase_items_once on showcase_items (showcase_id, kind, item_id) where kind <> 'section';
