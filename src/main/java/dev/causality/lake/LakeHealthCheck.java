package dev.causality.lake;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** The health check {@code causality/lake}: DOWN, with what to fix, while the lake refuses writes for good. */
public class LakeHealthCheck extends AbstractHealthCheck {

    private final LakeHealth lake;

    public LakeHealthCheck(LakeHealth lake) {
        super("causality", "lake");
        this.lake = lake;
    }

    /** A lake problem needs an operator, not a restart. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        lake.problem().ifPresentOrElse(problem -> builder.down().message(problem), builder::up);
    }
}
