-- The jobs of every replica that shares this database (mlp.store.type=postgres). The table is also the
-- queue: idle workers claim the oldest QUEUED row with FOR UPDATE SKIP LOCKED, and a RUNNING row belongs to
-- its worker only while its lease lasts.

create table jobs (
    id               text primary key,
    -- the order of creation across every replica: the listing's newest-first order and its cursors
    sequence         bigint not null unique,
    study            text,
    name             text,
    -- the spec as the API echoes it, every default filled in
    spec             jsonb not null,
    status           text not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- epochs planned, and epochs whose history rows are in job_history (the progress other replicas see)
    epochs           integer not null,
    epoch            integer not null default 0,
    -- weight layers with diagnostics in the history (0 when they are off), for an empty history's shape
    history_layers   integer not null,
    -- counts the job's transitions: with epoch it is the ETag
    version          integer not null default 0,
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    -- the result once the job has ended and trained at all; float8 keeps NaN and infinities as they are
    train_loss       double precision,
    test_loss        double precision,
    train_accuracy   double precision,
    test_accuracy    double precision,
    training_millis  bigint,
    stop_reason      text,
    epochs_completed integer,
    diagnostics      jsonb,
    error_code       text,
    error_message    text,
    -- times a worker claimed the job; the history rows of the current attempt are the job's
    attempts         integer not null default 0,
    -- times a worker's lease ran out on it (mlp.store.max-attempts of them end it FAILED, WORKER_LOST)
    lost             integer not null default 0,
    -- the replica and thread that run it, and until when (the database's clock) it is theirs
    worker           text,
    lease_until      timestamptz,
    -- the database's clock at the last transition: a replica whose notifications were interrupted reads the
    -- jobs that ended meanwhile by it
    updated_at       timestamptz not null default now()
);

-- the queue, oldest first
create index jobs_queued on jobs (sequence) where status = 'QUEUED';
-- the leases the reaper looks at
create index jobs_leases on jobs (lease_until) where status = 'RUNNING';
-- a study's members
create index jobs_study on jobs (study) where study is not null;
-- finished single jobs in the order they ended: the retention of mlp.jobs.retained
create index jobs_finished on jobs (finished_at, sequence) where study is null and finished_at is not null;
create index jobs_updated on jobs (updated_at);

-- A job's history, appended in chunks while it trains: chunk [from_epoch, to_epoch) holds the train rows of
-- those epochs and the evaluation and diagnostic rows recorded at them (see JobHistory). Only the chunks of
-- the job's current attempt count; a job put back in the queue loses its chunks.
create table job_history (
    job        text not null references jobs (id) on delete cascade,
    attempt    integer not null,
    from_epoch integer not null,
    to_epoch   integer not null,
    rows       bytea not null,
    primary key (job, attempt, from_epoch)
);

-- The network a job ended with and its scaler, for /model, /predict and the boundary plot on any replica.
create table job_models (
    job     text primary key references jobs (id) on delete cascade,
    network bytea not null
);

create sequence job_sequence;
