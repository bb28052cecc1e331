package net.cpmpf.sipedge.registration;

import java.net.InetSocketAddress;
import java.util.List;

/** The SIP/IP core's addresses: who may send third-party REGISTERs. Entries are {@code host} or {@code host:port}. */
final class CoreAddresses {

    private final List<String> entries;

    CoreAddresses(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    boolean contains(InetSocketAddress source) {
        if (source == null) {
            return false;
        }
        String host = source.getAddress() != null ? source.getAddress().getHostAddress() : source.getHostString();
        String hostPort = host + ":" + source.getPort();
        return entries.stream().anyMatch(entry -> entry.equals(host) || entry.equals(hostPort));
    }
}
