package dev.ringnet.server.caption;

/**
 * The render's deadline passed before its image was ready (HTTP 504), whether it was still queued (then it is
 * never rendered) or already drawing (then its image is discarded).
 */
public final class CaptionDeadlineException extends CaptionException {

    /** A 504 saying why; any thread. */
    public CaptionDeadlineException(String message) {
        super(message);
    }
}
