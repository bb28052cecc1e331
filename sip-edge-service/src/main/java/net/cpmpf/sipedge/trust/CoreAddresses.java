package net.cpmpf.sipedge.trust;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The SIP/IP core's addresses, the PF's trust domain (RFC 3325): who may send third-party REGISTERs, and whose
 * {@code P-Asserted-Identity} is believed. Entries are {@code host} or {@code host:port}.
 */
public final class CoreAddresses {

    private final List<String> entries;

    public CoreAddresses(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    public boolean contains(InetSocketAddress source) {
        if (source == null) {
            return false;
        }
        String host = source.getAddress() != null ? source.getAddress().getHostAddress() : source.getHostString();
        String hostPort = host + ":" + source.getPort();
        return entries.stream().anyMatch(entry -> entry.equals(host) || entry.equals(hostPort));
    }
}
