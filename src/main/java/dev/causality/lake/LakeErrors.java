package dev.causality.lake;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a lake write that can succeed on a retry (network, S3 busy or restarting) from one that
 * cannot until an operator acts: access refused, no such bucket, disk full or read-only. Both are
 * retried; a permanent one is also reported (readiness, health check, metric, one log line), with
 * what to fix.
 */
public final class LakeErrors {

    private LakeErrors() {
    }

    /** What to fix, when the failure needs an operator; empty when it is worth retrying as it is. */
    public static Optional<String> permanent(Throwable failure, String bucket) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof AwsServiceException aws) {
                String code = aws.awsErrorDetails() == null ? "" : String.valueOf(aws.awsErrorDetails().errorCode());
                if ("NoSuchBucket".equals(code)) {
                    return Optional.of("S3 bucket " + bucket + " does not exist: create it, or fix s3.bucket");
                }
                if (aws.statusCode() == 403 || code.equals("AccessDenied") || code.equals("InvalidAccessKeyId")
                        || code.equals("SignatureDoesNotMatch")) {
                    return Optional.of("S3 refuses access to bucket " + bucket + " (" + code + ", HTTP "
                            + aws.statusCode() + "): fix s3.access-key-id / s3.secret-access-key or the bucket's policy");
                }
                if (aws.statusCode() == 404) {
                    return Optional.of("S3 bucket " + bucket + " is not found (HTTP 404): fix s3.bucket or s3.endpoint");
                }
            }
            if (e instanceof AccessDeniedException denied) {
                return Optional.of("the lake directory refuses writes (" + denied.getFile()
                        + "): fix its permissions or lake.dir");
            }
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
                return Optional.of("the lake's disk is full: free space or grow the volume");
            }
            if (message.contains("read-only file system")) {
                return Optional.of("the lake's file system is read-only: remount it writable or fix lake.dir");
            }
        }
        return Optional.empty();
    }
}
