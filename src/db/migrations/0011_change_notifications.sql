-- Processes keep rarely-changing lookups (spaces, frameworks, settings) in memory; this tells every process
-- sharing the database when one of those tables changed, so it drops what it kept (src/db/lookup-cache.ts).
-- One NOTIFY per statement, delivered at commit; PostgreSQL folds identical ones within a transaction.
create or replace function convene_notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('convene_change', tg_table_name);
  return null;
end;
$$;

do $$
declare
  watched text;
begin
  foreach watched in array array['spaces', 'space_members', 'space_frameworks', 'frameworks', 'framework_items',
                                 'commitment_space_settings', 'moderation_settings', 'consultations',
                                 'consultation_groups', 'consultation_topics', 'consultation_questions'] loop
    execute format('create trigger %I after insert or update or delete or truncate on %I for each statement execute function convene_notify_change()',
                   watched || '_notify_change', watched);
  end loop;
end;
$$;
