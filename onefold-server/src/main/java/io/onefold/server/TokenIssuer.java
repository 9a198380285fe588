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
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Issues and verifies access tokens: JWTs signed with HMAC-SHA256 by the newest persisted key (kid in the header).
 * Claims: {@code scope: customer-profile}, {@code permissions}, {@code org}, {@code sources}, {@code exp}.
 * Keys are reloaded when a token names an unknown kid, so a rotation on another node is picked up.
 */
final class TokenIssuer {
    static final String SCOPE = "customer-profile";
    private static final String ISSUER = "onefold";

    private final AccessService access;
    private final Duration ttl;
    private final Supplier<Instant> clock;
    private volatile List<SigningKey> keys;
    private volatile Instant loadedAt = Instant.EPOCH;

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
                .expirationTime(Date.from(now.plus(ttl)))
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

    /** The caller a token names, or 401: malformed, tampered, signed by an unknown or retired key, expired, wrong scope. */
    Principal verify(String token) {
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
            return new Principal(claims.getSubject(), claims.getStringClaim("org"), Set.copyOf(permissions), sources == null ? Set.of() : Set.copyOf(sources));
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
