package io.onefold.service;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link MatchRebuildScenarios} on the embedded store. */
class MatchRebuildTest extends MatchRebuildScenarios {
    @TempDir
    Path dir;

    @Override
    protected ServiceFixture open() {
        return new ServiceFixture(dir, false);
    }

    @Override
    protected ServiceFixture reopen() {
        f.close();
        return new ServiceFixture(dir, false);
    }
}
