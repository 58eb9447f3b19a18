-- CreateTable
CREATE TABLE "EventWindow" (
    "id" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "windowEnd" TIMESTAMPTZ(3),
    "state" JSONB NOT NULL,
    "dueAt" TIMESTAMPTZ(3),
    "emittedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriberStatus" (
    "environmentId" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "versionId" UUID NOT NULL,
    "workerId" TEXT,
    "status" TEXT NOT NULL,
    "message" TEXT,
    "inFlight" INTEGER NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,
    "lastMessageAt" TIMESTAMPTZ(3),
    "lagMs" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriberStatus_pkey" PRIMARY KEY ("environmentId","flowId","nodeId")
);

-- CreateTable
CREATE TABLE "RejectedMessage" (
    "id" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RejectedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventWindow_dueAt_idx" ON "EventWindow"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "EventWindow_environmentId_flowId_nodeId_kind_key_windowStar_key" ON "EventWindow"("environmentId", "flowId", "nodeId", "kind", "key", "windowStart");

-- CreateIndex
CREATE INDEX "RejectedMessage_flowId_createdAt_idx" ON "RejectedMessage"("flowId", "createdAt");
