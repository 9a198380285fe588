package io.onefold.server;

import io.onefold.core.model.ObservedAtRange;
import io.onefold.service.WebhookAddressPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server runs. Set by flags, environment ({@code ONEFOLD_*}) or a properties file; see docs/configuration.md.
 *
 * @param maxBodyBytes       larger request bodies are refused with 413 (bulk NDJSON has its own limit)
 * @param rateLimitPerSecond per-client token bucket refill rate; 0 disables rate limiting
 * @param rateLimitBurst     per-client bucket size
 * @param virtualThreads     Jetty on virtual threads instead of a platform pool (the default: warmed up, 25–54% more
 *                           upserts per second at 26–45% less CPU each; docs/benchmarks.md)
 * @param maxClockSkew       how far in the future an {@code observed_at} may be (a client's clock ahead of this node's)
 * @param webhookAddresses   which addresses webhook deliveries may reach (default: public ones only)
 * @param writeCacheClusters clusters the embedded store's writer keeps decoded (0: none); a smaller cache costs reads,
 *                           never a different result
 * @param readCacheProfiles  profiles the readers' cache keeps rendered (0: none); a smaller cache costs reads, never a
 *                           different result
 */
public record ServerConfig(String host, int port, Path dataDirectory, long maxBodyBytes, long maxBulkBytes, Duration tokenTtl,
                           double rateLimitPerSecond, int rateLimitBurst, boolean virtualThreads, String defaultRegion,
                           String bootstrapClientId, String bootstrapClientSecret, Duration maxClockSkew,
                           WebhookAddressPolicy webhookAddresses, int writeCacheClusters, int readCacheProfiles) {

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, Path.of("data"), 1L << 20, 256L << 20, Duration.ofHours(1),
                0, 0, true, "US", null, null, ObservedAtRange.DEFAULT_MAX_FUTURE_SKEW, WebhookAddressPolicy.publicOnly(),
                io.onefold.store.sqlite.SqliteProfileStore.DEFAULT_CACHE_CLUSTERS, io.onefold.service.ServiceOptions.DEFAULT_READ_CACHE_PROFILES);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withDataDirectory(Path d) {
        return new ServerConfig(host, port, d, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withRateLimit(double perSecond, int burst) {
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, perSecond, burst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withTokenTtl(Duration ttl) {
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, ttl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withBootstrap(String clientId, String secret) {
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, clientId, secret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withMaxBodyBytes(long bytes) {
        return new ServerConfig(host, port, dataDirectory, bytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withVirtualThreads(boolean v) {
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, v, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withDefaultRegion(String r) {
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, r, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withWebhookAddresses(WebhookAddressPolicy policy) {
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, policy, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withMaxClockSkew(Duration skew) {
        new ObservedAtRange(skew); // a negative skew is refused at start-up
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, skew, webhookAddresses, writeCacheClusters, readCacheProfiles);
    }

    public ServerConfig withWriteCacheClusters(int clusters) {
        if (clusters < 0) throw new IllegalArgumentException("write-cache-clusters must be 0 or more");
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, clusters, readCacheProfiles);
    }

    public ServerConfig withReadCacheProfiles(int profiles) {
        if (profiles < 0) throw new IllegalArgumentException("read-cache-profiles must be 0 or more");
        return new ServerConfig(host, port, dataDirectory, maxBodyBytes, maxBulkBytes, tokenTtl, rateLimitPerSecond, rateLimitBurst, virtualThreads, defaultRegion, bootstrapClientId, bootstrapClientSecret, maxClockSkew, webhookAddresses, writeCacheClusters, profiles);
    }
}
