package io.cometmq.protocol.netty;

/**
 * Told once about every request an endpoint handled, after its response was written (or, for a oneway request,
 * after its processor finished), e.g. to record request latency. Called on an I/O or processor thread: it must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = (requestCode, responseCode, elapsedNanos, longPolling, result) -> { };

    /** How the handling of a request ended, with Apache RocketMQ's {@code result} label value. */
    enum Result {
        /** The response was written. */
        SUCCESS("success"),
        /** A oneway request: nothing was written (Apache reports response code SUCCESS for these). */
        ONEWAY("oneway"),
        /** Writing the response failed (e.g. the connection closed while a pull was held). */
        WRITE_CHANNEL_FAILED("write_channel_failed"),
        /** The request could not be handed to its processor, or a oneway request's processor failed. */
        PROCESS_REQUEST_FAILED("process_request_failed");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param requestCode  the request's code
     * @param responseCode the code of the response written (SUCCESS for oneway requests, SYSTEM_ERROR when nothing
     *                     could be written because processing failed)
     * @param elapsedNanos from when the request was decoded until now
     * @param longPolling  whether the request was held by long polling ({@link RequestContext#markLongPolling()})
     */
    void onRequest(int requestCode, int responseCode, long elapsedNanos, boolean longPolling, Result result);
}
