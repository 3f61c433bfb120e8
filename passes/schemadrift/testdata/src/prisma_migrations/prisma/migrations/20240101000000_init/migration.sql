-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "legacy" JSON, -- want `column User.legacy is json`
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
