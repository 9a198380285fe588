package io.onefold.service;

import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.store.ApiClient;
import io.onefold.store.ProfileStore;
import io.onefold.store.SigningKey;
import io.onefold.store.WriteKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * OAuth clients and token-signing keys: create, list, rotate, delete. Secrets are returned once, at creation or
 * rotation, and stored only hashed.
 *
 * <p>Client ids are global (the id alone finds the client at the token endpoint), yet no organization may learn
 * another's: a client of an organization other than {@code default} gets the id {@code name@organization}, so a
 * name can only collide within its own organization. And authentication does the same hash work whether the id
 * exists or not, so its time tells nothing either.
 */
public final class AccessService {
    private final ProfileStore store;
    private final SingleWriter writer;
    private final Supplier<Instant> clock;
    private final SecretHasher hasher;
    /** What an unknown client id's secret is checked against: the same work as for a real client. Made on first use. */
    private volatile String unknownClientHash;

    AccessService(ProfileStore store, SingleWriter writer, Supplier<Instant> clock) {
        this(store, writer, clock, SecretHasher.pbkdf2());
    }

    AccessService(ProfileStore store, SingleWriter writer, Supplier<Instant> clock, SecretHasher hasher) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.hasher = hasher;
    }

    /** A created client and its secret, shown this once. */
    public record IssuedClient(ApiClient client, String secret) {}

    /**
     * Creates a client named {@code name}: its id is the name in the default organization, {@code name@org} in any
     * other (a name already ending in {@code @org} is taken as that id).
     */
    public IssuedClient createClient(String org, String name, String secret, Set<Permission> permissions, Set<String> sources, List<String> cidrs) {
        String suffix = "@" + org;
        String bare = name != null && name.endsWith(suffix) && !org.equals(ProfileService.DEFAULT_ORGANIZATION) ? name.substring(0, name.length() - suffix.length()) : name;
        if (bare == null || !bare.matches("[A-Za-z0-9_.\\-]{3,128}")) {
            throw ValidationException.of("client_id", "must be 3 to 128 letters, digits, '.', '_' or '-'");
        }
        String clientId = org.equals(ProfileService.DEFAULT_ORGANIZATION) ? bare : bare + suffix;
        if (permissions.isEmpty()) throw ValidationException.of("permissions", "name at least one of CustomerProfile:Read, CustomerProfile:Write, CustomerProfile:Admin");
        for (String cidr : cidrs) {
            if (!Cidr.valid(cidr)) throw ValidationException.of("cidrs", "'" + cidr + "' is not a CIDR block such as 10.0.0.0/8");
        }
        String issued = secret == null ? SecretHasher.newSecret() : secret;
        if (issued.length() < 16) throw ValidationException.of("client_secret", "must be at least 16 characters");
        ApiClient client = new ApiClient(clientId, org, hasher.hash(issued),
                permissions.stream().map(Permission::wire).collect(java.util.stream.Collectors.toSet()), sources.isEmpty() ? Set.of("*") : sources, cidrs, clock.get());
        writer.execute(ctx -> {
            if (ctx.session().configuration().organization(org).isEmpty()) throw new NotFoundException("no organization '" + org + "'");
            if (ctx.session().access().client(clientId).isPresent()) throw new StateConflictException("client '" + clientId + "' already exists");
            ctx.session().access().putClient(client);
            return null;
        });
        return new IssuedClient(client, issued);
    }

    public List<ApiClient> clients(String org) {
        return store.access().clients(org);
    }

    public IssuedClient rotateSecret(String org, String clientId) {
        ApiClient current = client(org, clientId);
        String secret = SecretHasher.newSecret();
        ApiClient rotated = new ApiClient(current.clientId(), org, hasher.hash(secret), current.permissions(), current.sources(), current.cidrs(), current.createdAt());
        writer.execute(ctx -> {
            ctx.session().access().putClient(rotated);
            return null;
        });
        return new IssuedClient(rotated, secret);
    }

    public void deleteClient(String org, String clientId) {
        client(org, clientId);
        writer.execute(ctx -> ctx.session().access().deleteClient(clientId));
    }

    private ApiClient client(String org, String clientId) {
        return store.access().client(clientId).filter(c -> c.organization().equals(org))
                .orElseThrow(() -> new NotFoundException("no client '" + clientId + "'"));
    }

    /**
     * The client whose id and secret match, if any (the token endpoint's client authentication). An unknown id costs
     * the same hash work as a known one — the secret is checked against a hash of a random secret — so that the
     * answer's timing does not tell which ids exist.
     */
    public Optional<ApiClient> authenticate(String clientId, String secret) {
        if (clientId == null || secret == null) return Optional.empty();
        Optional<ApiClient> client = store.access().client(clientId);
        boolean matches = hasher.matches(secret, client.map(ApiClient::secretHash).orElseGet(this::unknownClientHash));
        return matches ? client : Optional.empty();
    }

    private String unknownClientHash() {
        String hash = unknownClientHash;
        if (hash == null) unknownClientHash = hash = hasher.hash(SecretHasher.newSecret());
        return hash;
    }

    public Optional<ApiClient> client(String clientId) {
        return store.access().client(clientId);
    }

    /** Keys that verify tokens now; creates the first key when there is none. */
    public List<SigningKey> signingKeys() {
        List<SigningKey> keys = store.access().signingKeys();
        if (keys.isEmpty()) {
            // nodes starting together on an empty shared store: the first creates the key, the others find it
            writer.execute(ctx -> {
                ctx.session().exclude(List.of(WriteKey.named("signing-keys")), true);
                if (ctx.session().access().signingKeys().isEmpty()) ctx.session().access().putSigningKey(newKey());
                return null;
            });
            keys = store.access().signingKeys();
        }
        Instant now = clock.get();
        return keys.stream().filter(k -> k.retireAt() == null || k.retireAt().isAfter(now)).toList();
    }

    /**
     * Adds a new signing key, which signs from now on. The previous keys keep verifying for {@code overlap}
     * (at least the token lifetime), so no live token is invalidated.
     */
    public SigningKey rotateSigningKey(Duration overlap) {
        SigningKey key = newKey();
        Instant now = key.createdAt();
        writer.execute(ctx -> {
            ctx.session().exclude(List.of(WriteKey.named("signing-keys")), true);
            for (SigningKey old : ctx.session().access().signingKeys()) {
                if (old.retireAt() == null && !overlap.isZero()) ctx.session().access().putSigningKey(new SigningKey(old.kid(), old.secret(), old.createdAt(), now.plus(overlap)));
            }
            ctx.session().access().putSigningKey(key);
            return null;
        });
        return key;
    }

    private SigningKey newKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SigningKey("k-" + UUID.randomUUID(), Base64.getEncoder().encodeToString(secret), clock.get(), null);
    }
}
