-- CreateEnum
CREATE TYPE "PromotionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'FAILED');

-- AlterTable
ALTER TABLE "ReleaseHistory" ADD COLUMN     "previousVersionId" UUID,
ADD COLUMN     "requestId" UUID;

-- CreateTable
CREATE TABLE "PromotionRequest" (
    "id" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "currentVersionId" UUID,
    "status" "PromotionStatus" NOT NULL DEFAULT 'PENDING',
    "note" TEXT NOT NULL DEFAULT '',
    "gates" JSONB,
    "requestedById" UUID NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "comment" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromotionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" UUID NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKeyEncrypted" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustedKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "addedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustedKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PromotionRequest_status_createdAt_idx" ON "PromotionRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PromotionRequest_flowId_environmentId_status_idx" ON "PromotionRequest"("flowId", "environmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_publicKey_key" ON "SigningKey"("publicKey");

-- CreateIndex
CREATE UNIQUE INDEX "TrustedKey_name_key" ON "TrustedKey"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TrustedKey_publicKey_key" ON "TrustedKey"("publicKey");
