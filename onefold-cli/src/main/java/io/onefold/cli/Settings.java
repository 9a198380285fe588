package io.onefold.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration lookup, most specific first: the command-line flag, the environment ({@code ONEFOLD_PORT} for
 * {@code port}), the properties file ({@code port=8080}), the default.
 */
final class Settings {
    private final Properties file = new Properties();
    private final Map<String, String> env;

    Settings(Path configFile, Map<String, String> env) {
        this.env = env;
        if (configFile != null) {
            try (Reader r = Files.newBufferedReader(configFile)) {
                file.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage());
            }
        }
    }

    String get(String key, String flag, String defaultValue) {
        if (flag != null) return flag;
        String fromEnv = env.get("ONEFOLD_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
        if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
        String fromFile = file.getProperty(key);
        if (fromFile != null && !fromFile.isBlank()) return fromFile.trim();
        return defaultValue;
    }
}
