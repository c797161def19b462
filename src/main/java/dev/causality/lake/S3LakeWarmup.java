package dev.causality.lake;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Processor;
import org.apache.camel.processor.SendDynamicProcessor;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Resolves the write-batch route's S3 endpoint once, in the background, as soon as the sink runs,
 * instead of on the first upload. The endpoint's start creates the bucket when it is missing, so:
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

    private final String uploadStepId;
    private final String bucket;
    private volatile boolean ready;

    /** @param uploadStepId the id of the route step ({@code toD}) that uploads to S3 */
    public S3LakeWarmup(String uploadStepId, String bucket) {
        this.uploadStepId = uploadStepId;
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
        Processor step = context.getProcessor(uploadStepId);
        if (!(step instanceof SendDynamicProcessor upload)) {
            LOG.warn("No S3 upload step '{}' in the routes; the S3 endpoint is resolved on the first upload",
                    uploadStepId);
            return;
        }
        String uri = context.resolvePropertyPlaceholders(upload.getUri());
        Thread thread = new Thread(() -> resolve(context, uri), "s3-lake-warmup");
        thread.setDaemon(true);
        thread.start();
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
