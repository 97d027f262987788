package dev.ringnet.uring;

/**
 * Receives completions from {@link CompletionQueue#forEach}. Implementations should be long-lived objects (a field
 * of the event loop, not a capturing lambda per call) so that reaping allocates nothing.
 */
@FunctionalInterface
public interface CompletionHandler {
    /**
     * Handles one CQE. Called on the ring's owning thread.
     *
     * @param userData the 64 bits set on the SQE
     * @param res      the result: non-negative on success, {@code -errno} on failure
     * @param flags    {@code IORING_CQE_F_*} flags; the buffer id sits above {@code IORING_CQE_BUFFER_SHIFT}
     */
    void handle(long userData, int res, int flags);
}
