-- CreateIndex
CREATE INDEX "Run_mode_createdAt_id_idx" ON "Run"("mode", "createdAt", "id");
