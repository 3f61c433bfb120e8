-- CreateIndex
CREATE INDEX "User_settings_idx" ON "User" USING GIN ("settings"); -- want `index User_settings_idx is built on existing table User without CONCURRENTLY`
