package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The store contract for {@link ConfigurationReads} and {@link ConfigurationWrites}. */
public interface ConfigurationContract extends StoreFixture {
    @Test
    default void organizationsAreKeptAndListedByIdAndTheSessionSeesItsOwnBeforeTheCommit() {
        Organization zeta = new Organization("zeta", "Zeta", NOW.plusSeconds(1));
        write(s -> {
            s.configuration().createOrganization(zeta);
            s.configuration().createOrganization(new Organization("beta", "Beta", NOW));
        }, s -> {
            assertThat(s.configuration().organization("zeta")).contains(zeta);
            assertThat(store().configuration().organization("zeta")).as("a reader, before the commit").isEmpty();
        });
        assertThat(store().configuration().organization(ORG)).hasValueSatisfying(o -> assertThat(o.name()).isEqualTo("Acme"));
        assertThat(store().configuration().organization("zeta")).contains(zeta);
        assertThat(store().configuration().organizations()).extracting(Organization::id).containsExactly("acme", "beta", "zeta");
        assertThat(store().configuration().organization("nope")).isEmpty();
    }

    @Test
    default void settingsAreAnEmptyObjectUntilSetAndEachPutReplacesThemWhole() {
        assertThat(store().configuration().organizationSettings(ORG)).isEqualTo(Json.object());
        ObjectNode first = (ObjectNode) Fixtures.json("{\"retention_days\":30,\"erasure\":{\"notify\":true}}");
        write(s -> s.configuration().putOrganizationSettings(ORG, first), s -> {
            assertThat(s.configuration().organizationSettings(ORG)).isEqualTo(first);
            assertThat(store().configuration().organizationSettings(ORG)).as("a reader, before the commit").isEqualTo(Json.object());
        });
        assertThat(store().configuration().organizationSettings(ORG)).isEqualTo(first);
        ObjectNode second = Json.object().put("retention_days", 7);
        write(s -> s.configuration().putOrganizationSettings(ORG, second));
        assertThat(store().configuration().organizationSettings(ORG)).isEqualTo(second);
    }

    @Test
    default void configurationsAreVersionedAndTheFirstOfEachKindIsActive() {
        StoredConfig[] put = new StoredConfig[3];
        write(s -> {
            put[0] = s.configuration().putConfig(ORG, ConfigKind.RULES, "a", Fixtures.json("{\"v\":1}"), NOW);
            put[1] = s.configuration().putConfig(ORG, ConfigKind.RULES, "a", Fixtures.json("{\"v\":2}"), NOW.plusSeconds(1));
            put[2] = s.configuration().putConfig(ORG, ConfigKind.RULES, "b", Fixtures.json("{\"v\":1}"), NOW);
        }, s -> assertThat(s.configuration().configs(ORG, ConfigKind.RULES)).extracting(StoredConfig::name).containsExactly("a", "b"));
        assertThat(put[0]).isEqualTo(new StoredConfig(ORG, ConfigKind.RULES, "a", 1, Fixtures.json("{\"v\":1}"), true, NOW));
        assertThat(put[1]).as("a new version of the active one is not active itself")
                .isEqualTo(new StoredConfig(ORG, ConfigKind.RULES, "a", 2, Fixtures.json("{\"v\":2}"), false, NOW.plusSeconds(1)));
        assertThat(put[2].active()).isFalse();
        assertThat(store().configuration().config(ORG, ConfigKind.RULES, "a")).contains(put[1]);
        assertThat(store().configuration().config(ORG, ConfigKind.RULES, "c")).isEmpty();
        assertThat(store().configuration().config(ORG, ConfigKind.TEMPLATE, "a")).isEmpty();
        assertThat(store().configuration().activeConfig(ORG, ConfigKind.RULES)).contains(put[0]);
        assertThat(store().configuration().configs(ORG, ConfigKind.RULES)).containsExactly(put[1], put[2]);
        assertThat(store().configuration().configs(ORG, ConfigKind.TEMPLATE)).isEmpty();
        assertThat(store().configuration().activeConfig(ORG, ConfigKind.TEMPLATE)).isEmpty();
        assertThat(store().configuration().configs("other", ConfigKind.RULES)).isEmpty();
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "b", 1)).isTrue(),
                s -> assertThat(store().configuration().activeConfig(ORG, ConfigKind.RULES)).as("a reader, before the commit")
                        .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("a")));
        assertThat(store().configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("b"));
        assertThat(store().configuration().config(ORG, ConfigKind.RULES, "a")).hasValueSatisfying(c -> assertThat(c.active()).isFalse());
        write(s -> assertThat(s.configuration().deleteConfig(ORG, ConfigKind.RULES, "b")).as("the active one stays").isFalse());
        write(s -> assertThat(s.configuration().deleteConfig(ORG, ConfigKind.RULES, "nope")).as("nothing to delete").isFalse());
        write(s -> assertThat(s.configuration().deleteConfig(ORG, ConfigKind.RULES, "a")).isTrue(),
                s -> assertThat(s.configuration().config(ORG, ConfigKind.RULES, "a")).as("every version of it").isEmpty());
        assertThat(store().configuration().configs(ORG, ConfigKind.RULES)).extracting(StoredConfig::name).containsExactly("b");
    }

    @Test
    default void activatingAVersionThatNoLongerExistsChangesNothing() {
        write(s -> {
            s.configuration().putConfig(ORG, ConfigKind.RULES, "a", Fixtures.json("{\"v\":1}"), NOW);
            s.configuration().putConfig(ORG, ConfigKind.RULES, "b", Fixtures.json("{\"v\":1}"), NOW);
            s.configuration().putConfig(ORG, ConfigKind.RULES, "b", Fixtures.json("{\"v\":2}"), NOW);
        });
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "b", 3)).isFalse());
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "c", 1)).isFalse());
        assertThat(store().configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("a"));
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "b", 1)).as("an older version, as the activation job re-resolved it").isTrue());
        assertThat(store().configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("b");
            assertThat(c.version()).isEqualTo(1);
        });
    }
}
