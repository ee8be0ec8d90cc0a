-- Every statement that writes API keys, policies or people notifies "key_owners_changed" (delivered at commit), so
-- each instance forgets the key owners it remembers, whoever wrote: another instance or an operator's SQL.
CREATE FUNCTION "notify_key_owners_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('key_owners_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "api_keys_notify_key_owners" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "api_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_key_owners_changed"();
--> statement-breakpoint
CREATE TRIGGER "policies_notify_key_owners" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policies"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_key_owners_changed"();
--> statement-breakpoint
CREATE TRIGGER "people_notify_key_owners" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "people"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_key_owners_changed"();
