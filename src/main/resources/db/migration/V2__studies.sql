-- Studies (io.mlplab.study.postgres.PostgresStudyStore): a grid of job specs x seeds run as one request, and its
-- members. A member refers to its job by the job's id only, as text, so these tables depend on nothing in the
-- jobs' schema.

CREATE TABLE studies (
    id          text PRIMARY KEY,
    -- the listing's order, newest first, and its cursor
    sequence    bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    name        text,
    preset      text,
    -- json, not jsonb: json keeps the text as written, so the grid's axes and the base's fields keep their order
    base        json NOT NULL,
    grid        json NOT NULL,
    seeds       json,
    target_loss double precision NOT NULL,
    -- per grid point, in grid order: per axis, its value
    points      json NOT NULL,
    status      text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- a cancel came: the study ends CANCELLED once its active members have ended
    cancelled   boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    -- studies take turns member by member: the feeder serves the lowest turn, which then goes to the back
    turn        bigint NOT NULL
);

CREATE SEQUENCE study_turns;

CREATE INDEX studies_finished ON studies (finished_at DESC, sequence DESC) WHERE finished_at IS NOT NULL;

-- A member waits (no job, no end), is in flight (a job, no end) or has ended (a status). Every change to a
-- study's members is made under the lock of the study's row.
CREATE TABLE study_members (
    study_id          text NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    member            integer NOT NULL,
    point             integer NOT NULL,
    seed              bigint NOT NULL,
    -- the compiled spec as the job echoes it; compiled again when the member becomes a job
    spec              json NOT NULL,
    -- the job it became; null while it waits, and if it never became one
    job_id            text UNIQUE,
    -- how it ended; null until then
    status            text CHECK (status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- its job's result, when it has one (stop_reason is then set); double precision keeps NaN and infinity
    train_loss        double precision,
    test_loss         double precision,
    train_accuracy    double precision,
    test_accuracy     double precision,
    training_millis   bigint,
    stop_reason       text,
    epochs_completed  integer,
    diagnostics       json,
    -- the first epoch whose training loss reached the study's target; null if none
    epochs_to_target  integer,
    PRIMARY KEY (study_id, member)
);

CREATE INDEX study_members_waiting ON study_members (study_id, member) WHERE job_id IS NULL AND status IS NULL;
CREATE INDEX study_members_in_flight ON study_members (study_id) WHERE job_id IS NOT NULL AND status IS NULL;

-- The servers that feed members, and their workers: the most members in flight across the cluster is the sum
-- over the servers seen lately. Each refreshes its row as it feeds, every few seconds at most and at least once
-- a sweep interval; a row not refreshed for three sweep intervals counts no more and is deleted.
CREATE TABLE study_feeders (
    id      text PRIMARY KEY,
    workers integer NOT NULL CHECK (workers > 0),
    seen_at timestamptz NOT NULL
);
