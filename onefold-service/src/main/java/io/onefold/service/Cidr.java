package io.onefold.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8}; used for a client's allow-list. */
public final class Cidr {
    private Cidr() {}

    public static boolean valid(String cidr) {
        try {
            parse(cidr);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean contains(String cidr, String address) {
        Object[] net = parse(cidr);
        byte[] base = (byte[]) net[0];
        int bits = (int) net[1];
        byte[] ip;
        try {
            ip = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (ip.length != base.length) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((ip[i / 8] & mask) != (base[i / 8] & mask)) return false;
        }
        return true;
    }

    private static Object[] parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("no prefix length");
        String host = cidr.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an address");
        try {
            byte[] base = InetAddress.getByName(host).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > base.length * 8) throw new IllegalArgumentException("bad prefix length");
            return new Object[] {base, bits};
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
