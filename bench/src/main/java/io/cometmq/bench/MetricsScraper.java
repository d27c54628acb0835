package io.cometmq.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrapes the brokers' /metrics while a run measures, as a Prometheus would, so that "metrics on" includes the cost
 * of answering scrapes (the consumer-lag gauges are computed per scrape), not only of counting.
 */
final class MetricsScraper implements AutoCloseable {

    /** Shorter than Prometheus' usual 15-30 s, so that even a short run pays for several scrapes. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final List<String> endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-metrics-scraper");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile String firstFailure;

    MetricsScraper(List<String> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    MetricsScraper start() {
        if (!endpoints.isEmpty()) {
            timer.scheduleAtFixedRate(this::scrapeAll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void scrapeAll() {
        for (String endpoint : endpoints) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
                scrapes.incrementAndGet();
                bytes.addAndGet(response.body().length);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                failures.incrementAndGet();
                if (firstFailure == null) {
                    firstFailure = endpoint + ": " + e;
                }
            }
        }
    }

    /** "12 scrapes, 340 KB, 0 failed", for the run's log. */
    String summary() {
        return scrapes.get() + " scrapes every " + INTERVAL.toSeconds() + " s, " + bytes.get() / 1024 + " KB, "
                + failures.get() + " failed" + (firstFailure == null ? "" : " (first: " + firstFailure + ")");
    }

    long scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
