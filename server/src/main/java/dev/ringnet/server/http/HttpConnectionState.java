package dev.ringnet.server.http;

/**
 * Where one HTTP connection stands, shared by its handlers so that a shutdown can tell an idle keep-alive
 * connection (close it now) from one with a request under way (answer it, then close). Event loop only.
 */
final class HttpConnectionState {
    /** Bytes of a request head have arrived and the head is not complete yet. */
    boolean readingHead;
    /** A request head has been decoded and its body has not all arrived yet. */
    boolean readingBody;
    /** Request heads decoded so far. */
    long requestsStarted;
    /** Responses whose last part has been written so far (1xx interim responses not counted). */
    long responsesWritten;

    /** Nothing received is waiting for an answer, and no request is arriving. */
    boolean idle() {
        return !readingHead && !readingBody && requestsStarted == responsesWritten;
    }
}
