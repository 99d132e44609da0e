-- An email change is confirmed from the new address: the link mailed there is an email token of purpose
-- 'change_email' carrying the pending address; the account's email changes only when the link is used.
alter table email_tokens add column new_email text;
alter table email_tokens drop constraint email_tokens_purpose_check;
alter table email_tokens add constraint email_tokens_purpose_check
  check (purpose in ('verify_email', 'reset_password', 'change_email'));
alter table email_tokens add constraint email_tokens_new_email_check
  check ((purpose = 'change_email') = (new_email is not null));
