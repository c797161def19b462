package dev.causality.lake;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Resolves the S3 endpoint the routes upload to once, in the background, as soon as the sink runs,
 * instead of on the first upload. The endpoint is read from the routes as declared (the
 * {@code aws2-s3:} URI of a {@code to} or {@code toD} step, through Camel's route model), so the
 * YAML stays the one place that names it. The endpoint's start creates the bucket when it is missing, so:
 * <ul>
 * <li>the sink's writer threads do not all race to create the bucket at their first upload (the
 * losers failed with BucketAlreadyOwnedByYou and retried);</li>
 * <li>a sink that stops before it ever uploaded can still write its open batches: Camel does not
 * start an endpoint first resolved while the context stops, so that upload failed and the batches
 * waited for redelivery.</li>
 * </ul>
 * While S3 is unreachable it tries again every {@link #RETRY}; uploads meanwhile retry on their own.
 */
public class S3LakeWarmup implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(S3LakeWarmup.class);
    static final Duration RETRY = Duration.ofSeconds(5);

    private static final String SCHEME = "aws2-s3:";

    private final String bucket;
    private volatile boolean ready;

    public S3LakeWarmup(String bucket) {
        this.bucket = bucket;
    }

    /** True once the endpoint is started (and so the bucket exists). */
    public boolean isReady() {
        return ready;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes start after this: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        String declared = s3Uri(context);
        if (declared == null) {
            LOG.warn("No {} endpoint in the routes; the lake bucket is checked on the first upload", SCHEME);
            return;
        }
        String uri = context.resolvePropertyPlaceholders(declared);
        Thread thread = new Thread(() -> resolve(context, uri), "s3-lake-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** The first {@code aws2-s3:} URI a {@code to} or {@code toD} step of a route declares, or null. */
    static String s3Uri(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (model == null) {
            return null;
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            for (ToDynamicDefinition step : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                    ToDynamicDefinition.class)) {
                if (step.getUri() != null && step.getUri().startsWith(SCHEME)) {
                    return step.getUri();
                }
            }
            for (ToDefinition step : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                    ToDefinition.class)) {
                if (step.getUri() != null && step.getUri().startsWith(SCHEME)) {
                    return step.getUri();
                }
            }
        }
        return null;
    }

    private void resolve(CamelContext context, String uri) {
        boolean warned = false;
        while (context.isStarted()) {
            try {
                // started explicitly: Camel defers the start of an endpoint resolved while it stops
                ServiceHelper.startService(context.getEndpoint(uri));
                ready = true;
                LOG.info("Lake bucket {} is ready", bucket);
                return;
            } catch (RuntimeException e) {
                if (!warned) {
                    LOG.warn("Lake bucket {} is not reachable yet ({}); trying again every {} s", bucket,
                            rootMessage(e), RETRY.toSeconds());
                    warned = true;
                }
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
