package dev.ringnet.server.caption;

/**
 * Why a caption was not rendered, in a way a client is told about: bad input (400), no room in the render queue
 * (503), or a deadline that passed (504). Anything else that goes wrong is a bug and surfaces as itself.
 *
 * <p>These are answers, not bugs, and an abusive client can cause thousands a second, so they carry no stack
 * trace: the message says everything. Instances are immutable and may cross threads.
 */
public abstract sealed class CaptionException extends RuntimeException
        permits CaptionInputException, CaptionBusyException, CaptionDeadlineException {

    CaptionException(String message) {
        super(message, null, false, false);
    }
}
