package io.onefold.service;

import io.onefold.core.error.Violation;
import io.onefold.store.StoredConfig;
import java.util.List;

/** A stored template or rule set version, with the warnings its validation produced. */
public record ConfigResult(StoredConfig config, List<Violation> warnings) {}
