-- Dashboard sign-ins (issue 18): one row per signed-in browser, so sign-out ends a session for good and every API
-- process (and a restarted one) knows the same sessions. The cookie holds a random session id; only its sha256 is
-- kept here, and the token signed in with is not kept at all (token_binding is an HMAC keyed with the session id).
-- CreateTable
CREATE TABLE "dashboard_session" (
    "id_hash" TEXT NOT NULL,
    "token_binding" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dashboard_session_pkey" PRIMARY KEY ("id_hash")
);
