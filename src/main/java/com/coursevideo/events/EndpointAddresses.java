package com.coursevideo.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * No server-side request forgery: an endpoint's host must not be, nor resolve to, a loopback,
 * unspecified, link-local, private (or multicast) address, unless {@code events.allow-private-addresses}.
 * Checked when an endpoint is registered and again at every delivery, which then connects to the
 * address it checked (DNS may answer differently between the two, or between a check and a connect).
 * Names are resolved on a worker thread, never on an event loop.
 */
@ApplicationScoped
public class EndpointAddresses {

    private final EventsConfig config;
    private final Vertx vertx;

    EndpointAddresses(EventsConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /** The URL parsed; a {@link Refused} naming what is wrong with it when it is not one to deliver to. */
    URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("url must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !config.requireHttps())) {
            throw new Refused(config.requireHttps() ? "url must be an https URL" : "url must be an absolute http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new Refused("url must name a host, without user information or fragment");
        }
        return uri;
    }

    /** The address to connect to for {@code url}'s host; fails with {@link Refused} when it is not allowed or not known. */
    Uni<InetAddress> resolve(URI url) {
        String host = host(url);
        return vertx.executeBlocking(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new Refused("url's host " + host + " does not resolve");
            }
            if (!config.allowPrivateAddresses() && Arrays.stream(addresses).anyMatch(EndpointAddresses::internal)) {
                throw new Refused("url's host " + host + " is or resolves to a loopback, link-local or private address");
            }
            return addresses[0];
        }, false);
    }

    /** The host without the brackets of an IPv6 literal. */
    static String host(URI url) {
        String host = url.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether the address is one of the service's own networks rather than the internet's. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 0.0.0.0/8 "this network", 100.64.0.0/10 carrier-grade NAT, 192.0.0.0/24 protocol assignments
            return first == 0 || first == 100 && (second & 0xc0) == 64 || first == 192 && second == 0 && bytes[2] == 0;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local; an IPv4-compatible or NAT64 (64:ff9b::/96) address judged by its IPv4 part
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean embedsIpv4 = Arrays.equals(Arrays.copyOf(bytes, 12), new byte[12])
                    || Arrays.equals(Arrays.copyOf(bytes, 12), new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
            if (embedsIpv4) {
                try {
                    return internal(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An endpoint URL the service refuses to send to. */
    static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
