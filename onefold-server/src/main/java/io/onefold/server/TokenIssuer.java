package io.onefold.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.onefold.service.AccessService;
import io.onefold.service.Permission;
import io.onefold.store.ApiClient;
import io.onefold.store.SigningKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Issues and verifies access tokens: JWTs signed with HMAC-SHA256 by the newest persisted key (kid in the header).
 * Claims: {@code scope: customer-profile}, {@code permissions}, {@code org}, {@code sources}, {@code exp}.
 * Keys are reloaded when a token names an unknown kid, so a rotation on another node is picked up. A token verified
 * once is remembered until it expires ({@link VerifiedTokens}), its key checked again on every use.
 */
final class TokenIssuer {
    static final String SCOPE = "customer-profile";
    private static final String ISSUER = "onefold";

    private final AccessService access;
    private final Duration ttl;
    private final Supplier<Instant> clock;
    private volatile List<SigningKey> keys;
    private volatile Instant loadedAt = Instant.EPOCH;
    private final VerifiedTokens verified = new VerifiedTokens();
    private final LongAdder fullVerifications = new LongAdder();

    TokenIssuer(AccessService access, Duration ttl, Supplier<Instant> clock) {
        this.access = access;
        this.ttl = ttl;
        this.clock = clock;
        this.keys = access.signingKeys();
        this.loadedAt = clock.get();
    }

    Duration ttl() {
        return ttl;
    }

    String issue(ApiClient client) {
        SigningKey key = keys().get(0);
        Instant now = clock.get();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(client.clientId())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry(now)))
                .claim("scope", SCOPE)
                .claim("org", client.organization())
                .claim("permissions", List.copyOf(client.permissions()))
                .claim("sources", List.copyOf(client.sources()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.kid()).build(), claims);
        try {
            jwt.sign(new MACSigner(Base64.getDecoder().decode(key.secret())));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /**
     * When a token issued at {@code now} expires: {@code now + ttl} rounded up to the second, because a JWT carries
     * whole seconds and truncating would let a token die up to a second before the {@code expires_in} its client was
     * told (a one-second token could be expired when first used).
     */
    Instant expiry(Instant now) {
        Instant exact = now.plus(ttl);
        Instant second = exact.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(exact) ? exact : second.plusSeconds(1);
    }

    /**
     * The caller a token names, or 401: malformed, tampered, signed by an unknown or retired key, expired, wrong scope.
     * A token verified before is answered from {@link VerifiedTokens} while its key still verifies and it has not
     * expired; anything else (a first use, a changed byte, a retired key, expiry) goes through the full verification,
     * which gives the answer it always gave.
     */
    Principal verify(String token) {
        VerifiedTokens.Verified cached = verified.get(token);
        if (cached != null) {
            if (stillValid(cached)) return cached.principal();
            verified.remove(token);
        }
        VerifiedTokens.Verified fresh = verifyFully(token);
        verified.put(token, fresh, clock.get());
        return fresh.principal();
    }

    /** What a full verification of a cached token would still check: the key (with the same secret) and the expiry. */
    private boolean stillValid(VerifiedTokens.Verified v) {
        SigningKey key = key(v.kid());
        return key != null && key.secret().equals(v.keySecret()) && v.expiresAt().isAfter(clock.get());
    }

    /** How many tokens were verified in full (parse, HMAC, claims): the cache's misses. */
    long fullVerifications() {
        return fullVerifications.sum();
    }

    private VerifiedTokens.Verified verifyFully(String token) {
        fullVerifications.increment();
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw ApiException.unauthorized("the bearer token is not a valid JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) throw ApiException.unauthorized("the bearer token is not signed by Onefold");
        SigningKey key = key(jwt.getHeader().getKeyID());
        try {
            if (key == null || !jwt.verify(new MACVerifier(Base64.getDecoder().decode(key.secret())))) {
                throw ApiException.unauthorized("the bearer token's signature is invalid");
            }
        } catch (JOSEException e) {
            throw ApiException.unauthorized("the bearer token's signature is invalid");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(clock.get())) throw ApiException.unauthorized("the bearer token has expired");
        try {
            if (!ISSUER.equals(claims.getIssuer()) || !SCOPE.equals(claims.getStringClaim("scope"))) {
                throw ApiException.unauthorized("the bearer token is not a customer-profile token");
            }
            Set<Permission> permissions = new HashSet<>();
            List<String> wire = claims.getStringListClaim("permissions");
            if (wire != null) wire.forEach(p -> Permission.fromWire(p).ifPresent(permissions::add));
            List<String> sources = claims.getStringListClaim("sources");
            Principal principal = new Principal(claims.getSubject(), claims.getStringClaim("org"), Set.copyOf(permissions),
                    sources == null ? Set.of() : Set.copyOf(sources));
            return new VerifiedTokens.Verified(principal, key.kid(), key.secret(), exp.toInstant());
        } catch (ParseException e) {
            throw ApiException.unauthorized("the bearer token's claims are malformed");
        }
    }

    private List<SigningKey> keys() {
        if (Duration.between(loadedAt, clock.get()).compareTo(Duration.ofSeconds(30)) > 0) reload();
        return keys;
    }

    private SigningKey key(String kid) {
        if (kid == null) return null;
        for (SigningKey k : keys()) if (k.kid().equals(kid)) return k;
        reload();
        for (SigningKey k : keys) if (k.kid().equals(kid)) return k;
        return null;
    }

    void reload() {
        keys = access.signingKeys();
        loadedAt = clock.get();
    }
}
