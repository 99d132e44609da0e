-- The shipped glossary gained a general RU/EN thesaurus (src/modules/knowledge/glossary/thesaurus.json). Guidance
-- sections keep the glossary concepts found when they were written, so the sections of an existing installation are
-- re-analysed once, by the job queue (knowledge.reanalyse_concepts over every section). A new database has no
-- sections and queues nothing. No schema change.
insert into jobs (kind, payload)
select 'knowledge.reanalyse_concepts', '{"spaceId": null}'::jsonb
where exists (select 1 from knowledge_sections);
