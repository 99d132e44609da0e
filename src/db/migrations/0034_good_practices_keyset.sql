-- Good practices tagged in consultations are listed newest first a page at a time (keyset on created_at, id):
-- the knowledge hub's compilation and its exports read them through this order.
create index good_practices_created_idx on good_practices (created_at desc, id desc);
