-- DropIndex
DROP INDEX "HumanTask_runId_nodeId_key";

-- AlterTable
ALTER TABLE "HumanTask" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "claimedById" UUID,
ADD COLUMN     "correctable" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "escalateToGroupId" UUID,
ADD COLUMN     "escalatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "flowId" UUID,
ADD COLUMN     "forbidSelfApproval" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "form" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "onExpiry" TEXT,
ADD COLUMN     "priority" TEXT NOT NULL DEFAULT 'normal',
ADD COLUMN     "quorum" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "record" JSONB,
ADD COLUMN     "rejectionCommentRequired" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "requesterEmail" TEXT,
ADD COLUMN     "requesterId" UUID;

-- Tasks made before this migration take their run's flow.
UPDATE "HumanTask" t SET "flowId" = r."flowId" FROM "Run" r WHERE r.id = t."runId";
ALTER TABLE "HumanTask" ALTER COLUMN "flowId" SET NOT NULL;

-- CreateTable
CREATE TABLE "HumanTaskVote" (
    "id" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "onBehalfOfId" UUID,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "form" JSONB NOT NULL DEFAULT '{}',
    "corrections" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HumanTaskVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delegation" (
    "id" UUID NOT NULL,
    "fromUserId" UUID NOT NULL,
    "toUserId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3),
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "taskId" UUID,
    "readAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HumanTaskVote_taskId_userId_key" ON "HumanTaskVote"("taskId", "userId");

-- CreateIndex
CREATE INDEX "Delegation_toUserId_idx" ON "Delegation"("toUserId");

-- CreateIndex
CREATE INDEX "Delegation_fromUserId_idx" ON "Delegation"("fromUserId");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE INDEX "HumanTask_status_decidedAt_idx" ON "HumanTask"("status", "decidedAt");

-- CreateIndex
CREATE INDEX "HumanTask_flowId_nodeId_status_idx" ON "HumanTask"("flowId", "nodeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "HumanTask_runId_nodeId_generation_key" ON "HumanTask"("runId", "nodeId", "generation");

-- AddForeignKey
ALTER TABLE "HumanTask" ADD CONSTRAINT "HumanTask_claimedById_fkey" FOREIGN KEY ("claimedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HumanTaskVote" ADD CONSTRAINT "HumanTaskVote_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "HumanTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HumanTaskVote" ADD CONSTRAINT "HumanTaskVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
