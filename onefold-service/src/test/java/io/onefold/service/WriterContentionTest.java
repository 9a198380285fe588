package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoreUnavailableException;
import io.onefold.store.TransientStoreException;
import io.onefold.store.WriteSession;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upsert that meets another writer at every attempt (its customer's keys always held elsewhere) is deferred to the next
 * batch, again and again, up to {@link SingleWriter#MAX_ATTEMPTS}; then its caller gets a retryable
 * {@link ErrorCode#UNAVAILABLE} (a 503 in the server's table), never an internal error — and nothing was written.
 */
class WriterContentionTest {
    @TempDir
    Path dir;

    @Test
    void anUpsertThatAlwaysMeetsAnotherWriterGivesUpAsUnavailableAndWritesNothing() {
        AtomicInteger attempts = new AtomicInteger();
        ProfileStore sqlite = SqliteProfileStore.open(dir, 2);
        // the real store, whose write session says it is shared and finds the keys it excludes always taken
        ProfileStore contended = (ProfileStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ProfileStore.class}, (p, m, args) -> {
            Object out = invoke(sqlite, m, args);
            if (!m.getName().equals("openWriteSession")) return out;
            WriteSession real = (WriteSession) out;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {WriteSession.class}, (q, n, a) -> switch (n.getName()) {
                case "shared" -> true;
                case "exclude" -> {
                    // the customer's keys only: configuring the organization writes through the same writer
                    if (!a[0].toString().contains("ann@example.com")) yield null;
                    attempts.incrementAndGet();
                    throw new TransientStoreException("a key is locked by another node");
                }
                default -> invoke(real, n, a);
            });
        });
        try (ServiceFixture f = new ServiceFixture(dir, contended, null, true)) {
            assertThatThrownBy(() -> f.service.upsert(ServiceFixture.ORG,
                    Fixtures.json("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ann@example.com\"}}"), null))
                    .isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(((OnefoldException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("nothing was written");
            assertThat(attempts.get()).isEqualTo(SingleWriter.MAX_ATTEMPTS);
            assertThat(sqlite.profiles().countActiveProfiles(ServiceFixture.ORG)).isZero();
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
