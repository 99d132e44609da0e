-- A contribution's Markdown is rendered once, when it is written: body_html holds the sanitized HTML that
-- `contributionHtml` (src/modules/consultations/markdown.ts, the same renderer the pages used) made of body,
-- and every write of body writes it too. Rows written before this migration (or by a bulk load) have null and
-- are rendered on read and stored then (`storeMissingBodyHtml`), so a change to the renderer's output is a later
-- migration that sets body_html back to null.
alter table consultation_contributions add column body_html text;

-- The topic page pages its threads by number (keyset): top-level contributions of a topic in number order.
create index consultation_contributions_roots_idx on consultation_contributions (topic_id, number) where parent_id is null;
