package io.onefold.service;

/** What a client may do; tokens carry them by their wire names. */
public enum Permission {
    READ("CustomerProfile:Read"),
    WRITE("CustomerProfile:Write"),
    ADMIN("CustomerProfile:Admin");

    private final String wire;

    Permission(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static java.util.Optional<Permission> fromWire(String wire) {
        for (Permission p : values()) if (p.wire.equals(wire)) return java.util.Optional.of(p);
        return java.util.Optional.empty();
    }
}
