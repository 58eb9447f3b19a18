-- CreateEnum
CREATE TYPE "RunMode" AS ENUM ('LIVE', 'TEST');

-- DropForeignKey
ALTER TABLE "Run" DROP CONSTRAINT "Run_versionId_fkey";

-- DropForeignKey
ALTER TABLE "Run" DROP CONSTRAINT "Run_environmentId_fkey";

-- DropIndex
DROP INDEX "StepRun_runId_nodeId_key";

-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "allowPrivateNetwork" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "deadLetteredAt" TIMESTAMPTZ(3),
ADD COLUMN     "definition" JSONB,
ADD COLUMN     "failedNodeId" TEXT,
ADD COLUMN     "gated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "mode" "RunMode" NOT NULL DEFAULT 'LIVE',
ADD COLUMN     "pending" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "response" JSONB,
ADD COLUMN     "startedById" UUID,
ADD COLUMN     "testCaseId" UUID,
ADD COLUMN     "triggerNodeId" TEXT NOT NULL,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "versionId" DROP NOT NULL,
ALTER COLUMN "environmentId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "StepRun" ADD COLUMN     "attempts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inline" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "maxAttempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3),
ADD COLUMN     "port" TEXT,
ADD COLUMN     "predecessorNodeId" TEXT,
ADD COLUMN     "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "lockIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Timer" (
    "id" UUID NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "task" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "jobKey" TEXT NOT NULL,
    "runId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Timer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerState" (
    "environmentId" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "versionId" UUID NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriggerState_pkey" PRIMARY KEY ("environmentId","flowId","nodeId")
);

-- CreateTable
CREATE TABLE "FlowTestCase" (
    "id" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "expected" JSONB NOT NULL DEFAULT '{}',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowTestCase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Timer_jobKey_key" ON "Timer"("jobKey");

-- CreateIndex
CREATE INDEX "Timer_dueAt_idx" ON "Timer"("dueAt");

-- CreateIndex
CREATE INDEX "Timer_runId_idx" ON "Timer"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTestCase_flowId_name_key" ON "FlowTestCase"("flowId", "name");

-- CreateIndex
CREATE INDEX "Run_flowId_environmentId_gated_createdAt_idx" ON "Run"("flowId", "environmentId", "gated", "createdAt");

-- CreateIndex
CREATE INDEX "Run_businessKey_idx" ON "Run"("businessKey");

-- CreateIndex
CREATE INDEX "Run_deadLetteredAt_idx" ON "Run"("deadLetteredAt");

-- CreateIndex
CREATE UNIQUE INDEX "StepRun_runId_nodeId_generation_key" ON "StepRun"("runId", "nodeId", "generation");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "FlowVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowTestCase" ADD CONSTRAINT "FlowTestCase_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
