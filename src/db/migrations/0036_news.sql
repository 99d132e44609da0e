-- Issue 12, point 1: news, stories and announcements of a space. Text is multilingual per field (jsonb by
-- language); the body is Markdown, rendered once when written (body_html). Related items are references
-- {kind, id} resolved through the platform's content sources; video links are shown as link cards only.
create table news_posts (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  slug text not null,
  kind text not null check (kind in ('news', 'story', 'announcement')),
  -- draft → published (→ unpublished); an organisation's story: submitted → returned | published | rejected.
  status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'published', 'unpublished', 'rejected')),
  -- What the moderation gate (and moderators) decided about a proposed story's text; coordinators' own posts are 'published'.
  moderation_status text not null default 'published' check (moderation_status in ('published', 'held', 'hidden')),
  moderation_reason text not null default '',
  report_count integer not null default 0,
  title jsonb not null,
  lead jsonb not null default '{}'::jsonb,
  body jsonb not null default '{}'::jsonb,
  body_html jsonb not null default '{}'::jsonb,
  organisation_id uuid references organisations(id) on delete set null,
  author_ids uuid[] not null default '{}',
  created_by uuid references users(id) on delete set null,
  -- [{ "kind": "commitment", "id": "…" }]: the story's commitments, events, practices (content sources).
  related jsonb not null default '[]'::jsonb,
  -- [{ "url": "https://…", "title": "…" }]: links to videos, shown as link cards (no embedded players).
  video_links jsonb not null default '[]'::jsonb,
  -- [{ "text": { "en": …, "ru": … }, "attribution": "…" }]
  quotes jsonb not null default '[]'::jsonb,
  topics text[] not null default '{}',
  review_comment text not null default '',
  submitted_at timestamptz,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search_vector tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
    setweight(to_tsvector('english', coalesce(lead->>'en', '') || ' ' || coalesce(body->>'en', '')), 'B') ||
    setweight(to_tsvector('russian', coalesce(title->>'ru', '')), 'A') ||
    setweight(to_tsvector('russian', coalesce(lead->>'ru', '') || ' ' || coalesce(body->>'ru', '')), 'B')
  ) stored,
  unique (space_id, slug)
);
-- Lists: a space's published posts and the public ones across spaces, newest first (keyset on published_at, id).
create index news_posts_space_published on news_posts (space_id, published_at desc, id desc) where status = 'published';
create index news_posts_published on news_posts (published_at desc, id desc) where status = 'published';
create index news_posts_space_status on news_posts (space_id, status, updated_at desc);
create index news_posts_authors on news_posts using gin (author_ids);
create index news_posts_organisation on news_posts (organisation_id) where organisation_id is not null;
create index news_posts_search on news_posts using gin (search_vector);

-- Pictures of a post, in order (position 0 is the lead image). Alt text is required, per language.
create table news_images (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references news_posts(id) on delete cascade,
  position integer not null default 0,
  alt jsonb not null,
  caption jsonb not null default '{}'::jsonb,
  width integer not null,
  height integer not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index news_images_post on news_images (post_id, position);

-- The resized copies, stored in PostgreSQL so backups and several app processes need nothing else. An image's
-- bytes never change (a new upload is a new image), so they are served with a long cache lifetime and an ETag.
create table news_image_variants (
  image_id uuid not null references news_images(id) on delete cascade,
  width integer not null,
  format text not null check (format in ('webp', 'jpeg')),
  height integer not null,
  bytes bytea not null,
  etag text not null,
  primary key (image_id, width, format)
);
