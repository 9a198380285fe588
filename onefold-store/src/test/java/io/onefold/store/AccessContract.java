package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store contract for {@link AccessReads} and {@link AccessWrites}. */
public interface AccessContract extends StoreFixture {
    private static ApiClient client(String id, String org, Set<String> permissions) {
        return new ApiClient(id, org, "pbkdf2$" + id, permissions, Set.of("salesforce_crm", "voice_ivr"), List.of("10.0.0.0/8", "192.168.1.0/24"), NOW);
    }

    @Test
    default void clientsRoundTripAndAreListedByIdWithinTheirOrganization() {
        ApiClient second = client("c2", ORG, Set.of("CustomerProfile:Read"));
        ApiClient first = client("c1", ORG, Set.of("CustomerProfile:Read", "CustomerProfile:Write"));
        ApiClient elsewhere = client("c3", "other", Set.of("CustomerProfile:Admin"));
        write(s -> {
            s.access().putClient(second);
            s.access().putClient(first);
            s.access().putClient(elsewhere);
        }, s -> {
            assertThat(s.access().client("c1")).contains(first);
            assertThat(store().access().client("c1")).as("a reader, before the commit").isEmpty();
        });
        assertThat(store().access().client("c1")).contains(first);
        assertThat(store().access().client("c3")).as("client ids are global").contains(elsewhere);
        assertThat(store().access().client("nope")).isEmpty();
        assertThat(store().access().clients(ORG)).containsExactlyInAnyOrder(first, second);
        assertThat(store().access().clients("other")).containsExactly(elsewhere);
        assertThat(store().access().clients("nobody")).isEmpty();
    }

    @Test
    default void aClientIsReplacedByItsIdAndDeletedOnce() {
        write(s -> s.access().putClient(client("c1", ORG, Set.of("CustomerProfile:Read"))));
        ApiClient widened = client("c1", ORG, Set.of("CustomerProfile:Read", "CustomerProfile:Admin"));
        write(s -> s.access().putClient(widened));
        assertThat(store().access().clients(ORG)).containsExactly(widened);
        write(s -> assertThat(s.access().deleteClient("c1")).isTrue(), s -> {
            assertThat(s.access().client("c1")).isEmpty();
            assertThat(store().access().client("c1")).as("a reader, before the commit").contains(widened);
        });
        assertThat(store().access().client("c1")).isEmpty();
        assertThat(store().access().clients(ORG)).isEmpty();
        write(s -> assertThat(s.access().deleteClient("c1")).as("already gone").isFalse());
    }

    @Test
    default void signingKeysAreListedNewestFirstAndARetirementReplacesTheKey() {
        SigningKey old = new SigningKey("k1", "c2VjcmV0MQ==", NOW.minusSeconds(7200), null);
        SigningKey newest = new SigningKey("k3", "c2VjcmV0Mw==", NOW, null);
        SigningKey middle = new SigningKey("k2", "c2VjcmV0Mg==", NOW.minusSeconds(3600), NOW.plusSeconds(3600));
        assertThat(store().access().signingKeys()).isEmpty();
        write(s -> {
            s.access().putSigningKey(middle);
            s.access().putSigningKey(newest);
            s.access().putSigningKey(old);
        }, s -> {
            assertThat(s.access().signingKeys()).containsExactly(newest, middle, old);
            assertThat(store().access().signingKeys()).as("a reader, before the commit").isEmpty();
        });
        assertThat(store().access().signingKeys()).containsExactly(newest, middle, old);
        SigningKey retired = new SigningKey("k1", old.secret(), old.createdAt(), NOW);
        write(s -> s.access().putSigningKey(retired));
        assertThat(store().access().signingKeys()).containsExactly(newest, middle, retired);
    }
}
