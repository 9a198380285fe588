package io.onefold.service;

import io.onefold.core.error.ValidationException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses webhook deliveries may reach. A webhook URL is chosen by an organization's admin, and the server
 * POSTs to it from inside the operator's network: without a check, any tenant could make Onefold call loopback
 * services, the cloud metadata endpoint (169.254.169.254) or the private network (SSRF). So every address the
 * URL's host resolves to must be public — not loopback, link-local, private (RFC 1918, IPv6 unique local),
 * shared (100.64.0.0/10), unspecified, multicast or reserved — unless the operator allows private addresses
 * altogether or lists networks that may be reached.
 *
 * <p>The check runs when a subscription is created (400 naming {@code url}) and again before every delivery
 * attempt, because the host's DNS answer may change after it was accepted (DNS rebinding). The default resolver is
 * the JVM's, whose cache the HTTP client then reads, so the address checked is the address connected to. The
 * HTTP client follows no redirects, so a public receiver cannot bounce a delivery inward either.
 */
public final class WebhookAddressPolicy {
    /** Resolves a host name to its addresses (injected by tests to play a rebinding DNS server). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    /** Networks that are not the public internet, each with the name an error gives it. */
    private static final List<String[]> NON_PUBLIC = List.of(
            new String[] {"127.0.0.0/8", "loopback"}, new String[] {"::1/128", "loopback"},
            new String[] {"169.254.0.0/16", "link-local"}, new String[] {"fe80::/10", "link-local"},
            new String[] {"10.0.0.0/8", "private"}, new String[] {"172.16.0.0/12", "private"}, new String[] {"192.168.0.0/16", "private"},
            new String[] {"fc00::/7", "private (unique local)"}, new String[] {"fec0::/10", "private (site-local)"},
            new String[] {"100.64.0.0/10", "shared (carrier-grade NAT)"},
            new String[] {"0.0.0.0/8", "unspecified"}, new String[] {"::/96", "unspecified or IPv4-compatible"},
            new String[] {"192.0.0.0/24", "reserved"}, new String[] {"198.18.0.0/15", "reserved"}, new String[] {"240.0.0.0/4", "reserved"},
            new String[] {"224.0.0.0/4", "multicast"}, new String[] {"ff00::/8", "multicast"});

    private final boolean allowPrivate;
    private final List<String> allowedNetworks;
    private final Resolver resolver;

    /**
     * @param allowPrivate    every address may be reached (a deployment whose receivers live on its own network)
     * @param allowedNetworks CIDR blocks that may be reached although they are not public (e.g. {@code 10.20.0.0/16})
     */
    public WebhookAddressPolicy(boolean allowPrivate, List<String> allowedNetworks, Resolver resolver) {
        for (String cidr : allowedNetworks) {
            if (!Cidr.valid(cidr)) throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8");
        }
        this.allowPrivate = allowPrivate;
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.resolver = resolver;
    }

    /** The default: public addresses only. */
    public static WebhookAddressPolicy publicOnly() {
        return new WebhookAddressPolicy(false, List.of(), SYSTEM_RESOLVER);
    }

    /** Any address, private ones included (receivers on the deployment's own network; tests' local receivers). */
    public static WebhookAddressPolicy allowingPrivate() {
        return new WebhookAddressPolicy(true, List.of(), SYSTEM_RESOLVER);
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    public List<String> allowedNetworks() {
        return allowedNetworks;
    }

    /** A subscription's URL: 400 naming {@code url} when its host resolves to an address deliveries may not reach. */
    void checkSubscription(URI url) {
        String refusal = refusal(url);
        if (refusal != null) throw ValidationException.of("url", refusal);
    }

    /** Null when a delivery may go to {@code url} now, else why not (names the kind of address, never the payload). */
    String refusal(URI url) {
        if (allowPrivate) return null;
        String host = url.getHost();
        if (host == null) return "has no host";
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "its host does not resolve";
        }
        if (addresses.isEmpty()) return "its host does not resolve";
        for (InetAddress address : addresses) {
            String kind = nonPublicKind(address);
            if (kind != null && !allowed(address)) {
                return "its host resolves to a " + kind + " address, which webhooks may not reach unless the operator allows it "
                        + "(--webhooks-allow-private or --webhooks-allow-cidrs)";
            }
        }
        return null;
    }

    private boolean allowed(InetAddress address) {
        for (String cidr : allowedNetworks) if (Cidr.contains(cidr, address.getHostAddress())) return true;
        return false;
    }

    /** What kind of non-public address this is, or null for a public one; IPv6 forms that embed IPv4 are judged by it. */
    static String nonPublicKind(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b.length == 16) {
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address the packet ends up at
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8])) {
                return embedded(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x20 && b[1] == 0x02) return embedded(Arrays.copyOfRange(b, 2, 6));
        }
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) text = text.substring(0, scope);
        for (String[] network : NON_PUBLIC) if (Cidr.contains(network[0], text)) return network[1];
        return null;
    }

    private static String embedded(byte[] ipv4) {
        try {
            return nonPublicKind(InetAddress.getByAddress(ipv4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are an IPv4 address", e);
        }
    }
}
