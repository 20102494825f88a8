package fakebank.service;

import java.time.Instant;

/**
 * Where the latest detector retrain request stands: {@code idle} (none since the service started), {@code queued},
 * {@code running}, {@code done} or {@code failed} (with the {@code error}). Times are null until reached;
 * {@code bankVersion} is the bank version the finished model was trained on (-1 before).
 */
public record RetrainStatus(String state, String requestedBy, boolean augment, Instant requestedAt,
        Instant startedAt, Instant finishedAt, String error, long bankVersion) {
    public static final RetrainStatus IDLE = new RetrainStatus("idle", null, false, null, null, null, null, -1);

    static RetrainStatus queued(String by, boolean augment, Instant at) {
        return new RetrainStatus("queued", by, augment, at, null, null, null, -1);
    }

    RetrainStatus running(Instant at) {
        return new RetrainStatus("running", requestedBy, augment, requestedAt, at, null, null, -1);
    }

    RetrainStatus done(Instant at, long trainedOn) {
        return new RetrainStatus("done", requestedBy, augment, requestedAt, startedAt, at, null, trainedOn);
    }

    RetrainStatus failed(Instant at, String why) {
        return new RetrainStatus("failed", requestedBy, augment, requestedAt, startedAt, at, why, -1);
    }

    /** Whether a retrain is waiting or running. */
    public boolean pending() {
        return state.equals("queued") || state.equals("running");
    }
}
