package io.cometmq.protocol.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus endpoint of a broker or NameServer, where Apache RocketMQ's PROM exporter serves it: {@code GET
 * /metrics} and {@code GET /} answer the scrape (text format 0.0.4, or OpenMetrics when the {@code Accept} header
 * asks for {@code application/openmetrics-text}), {@code GET /-/healthy} answers 200.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (an empty host: every address; port 0: any free port) and starts serving. */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry,
            Runnable beforeScrape) {
        InetSocketAddress address = host == null || host.isBlank() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics endpoint to " + address
                    + " (keys metricsPromExporterHost, metricsPromExporterPort)", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/-/healthy", exchange -> reply(exchange, 200, "Exporter is healthy.\n".getBytes(
                StandardCharsets.UTF_8), "text/plain; charset=utf-8"));
        server.createContext("/", exchange -> scrape(exchange, registry, beforeScrape));
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void scrape(HttpExchange exchange, PrometheusMeterRegistry registry, Runnable beforeScrape)
            throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/metrics")) {
            reply(exchange, 404, "not found\n".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String contentType = accept != null && accept.contains(OPENMETRICS)
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : TEXT_FORMAT;
        try {
            beforeScrape.run();
        } catch (RuntimeException e) {
            log.warn("refreshing metrics before a scrape failed", e);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        registry.scrape(body, contentType);
        reply(exchange, 200, body.toByteArray(), contentType);
    }

    private static void reply(HttpExchange exchange, int code, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
