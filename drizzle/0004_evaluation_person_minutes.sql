-- Evaluations keep their person-minutes (participants x duration, exact) instead of person-hours rounded to two
-- decimals, so analytics sum exact figures and round once. Existing rows are backfilled exactly: each stored
-- person_hours was a whole number of minutes / 60 rounded to 0.01 h: at most a third of 0.01 h (0.2 minutes) off,
-- and the real column keeps its two decimals up to the largest meeting (200 people x 1440 minutes, 4800 h).
ALTER TABLE "evaluations" ADD COLUMN "person_minutes" integer;
--> statement-breakpoint
UPDATE "evaluations" SET "person_minutes" = round("person_hours"::numeric * 60);
--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "person_minutes" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "evaluations" DROP COLUMN "person_hours";
