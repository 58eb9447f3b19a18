-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "checkedAt" TIMESTAMPTZ(3),
ADD COLUMN     "serverInfo" JSONB,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'UNKNOWN',
ADD COLUMN     "statusMessage" TEXT;

-- CreateTable
CREATE TABLE "OdooWrite" (
    "key" TEXT NOT NULL,
    "connectionId" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "resultIds" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OdooWrite_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ConnectionCircuit" (
    "connectionId" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'CLOSED',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMPTZ(3),
    "probeAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionCircuit_pkey" PRIMARY KEY ("connectionId")
);

-- CreateTable
CREATE TABLE "OdooFieldsCache" (
    "connectionId" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OdooFieldsCache_pkey" PRIMARY KEY ("connectionId","model")
);

-- CreateIndex
CREATE INDEX "OdooWrite_connectionId_createdAt_idx" ON "OdooWrite"("connectionId", "createdAt");
