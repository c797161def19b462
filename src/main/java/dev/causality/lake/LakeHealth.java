package dev.causality.lake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Whether the lake accepts the sink's writes, as the writes find it. A permanent refusal (see
 * {@link LakeErrors}) is logged once, with what to fix, and shown until a write succeeds again;
 * the writes keep being retried meanwhile, so nothing is lost or dead-lettered.
 */
public class LakeHealth {

    private static final Logger LOG = LoggerFactory.getLogger(LakeHealth.class);

    private final String bucket;
    private volatile String problem;

    public LakeHealth(String bucket) {
        this.bucket = bucket;
    }

    /** A write failed: reports it when it needs an operator. */
    public void failed(Throwable failure) {
        Optional<String> permanent = LakeErrors.permanent(failure, bucket);
        if (permanent.isEmpty()) {
            return;
        }
        String previous = problem;
        problem = permanent.get();
        if (!problem.equals(previous)) {
            LOG.error("The lake refuses writes: {}. Batches are kept and retried; nothing is lost. ({})",
                    problem, failure.toString());
        }
    }

    /** A write succeeded. */
    public void written() {
        if (problem != null) {
            problem = null;
            LOG.info("The lake accepts writes again; the held batches are being written");
        }
    }

    /** What to fix, or empty while the lake accepts writes (or only fails in ways a retry fixes). */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** 1 while the lake refuses writes for good (an alert rule), else 0. */
    public int refusing() {
        return problem == null ? 0 : 1;
    }
}
