package dev.ringnet.server.caption;

/**
 * No render was started because the render queue is full or the service is closing (HTTP 503): the client may
 * retry later. Raised at submit time, never after waiting.
 */
public final class CaptionBusyException extends CaptionException {

    /** A 503 saying why; any thread. */
    public CaptionBusyException(String message) {
        super(message);
    }
}
