-- Agendas remember whether a PUT replaced them since they were last published, so publishing an unchanged published
-- agenda again (a retry) keeps its publishedAt and version. Existing agendas written after their last publish (a PUT
-- or recorded actuals: which one is not known) count as edited, so publishing them again re-shares them as before.
ALTER TABLE "agendas" ADD COLUMN "edited_since_published" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
UPDATE "agendas" SET "edited_since_published" = true WHERE "published_at" IS NOT NULL AND "updated_at" > "published_at";
