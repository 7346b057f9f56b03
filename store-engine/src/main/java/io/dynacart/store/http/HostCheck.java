package io.dynacart.store.http;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers a server answers, against DNS rebinding: a page on another site whose
 * name the attacker re-points at 127.0.0.1 gets the browser to send requests to a local server, but
 * those requests name the attacker's host ({@code Host: evil.example:7070}). A server that answers
 * only to its own names is out of that page's reach.
 *
 * <p>Accepted: {@code localhost} or an IP literal, with the port the request arrived on (a Host
 * without a port means port 80, as HTTP says). The literal must be the loopback address
 * ({@code 127.0.0.1}, {@code [::1]}) or the address the server is bound to; when it is bound to a
 * wildcard ({@code 0.0.0.0}), any address of this machine. No other DNS name is accepted, since a
 * name is what rebinding forges and an IP literal cannot be re-pointed. No DNS lookups; only a
 * wildcard-bound server asks the network interfaces whether a literal is one of theirs.
 */
public final class HostCheck {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private final InetAddress bound;

    private HostCheck(InetAddress bound) {
        this.bound = bound;
    }

    /**
     * The check for a server bound to {@code bindHost}, an IP literal or {@code localhost}.
     *
     * @throws IllegalArgumentException when {@code bindHost} is neither (it would need a DNS lookup)
     */
    public static HostCheck forBinding(String bindHost) {
        return new HostCheck(literal(bindHost)
                .orElseThrow(() -> new IllegalArgumentException("bind host " + bindHost + " is not an IP address or localhost")));
    }

    /** Whether {@code bindHost} is a loopback address or {@code localhost} (false for names it cannot tell without DNS). */
    public static boolean isLoopback(String bindHost) {
        return literal(bindHost).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /**
     * Why the {@code Host} header {@code host} (null when absent) is refused for a request that
     * arrived on {@code localPort}, or empty when it is accepted.
     */
    public Optional<String> problem(String host, int localPort) {
        if (host == null || host.isBlank()) {
            return Optional.of("the request has no Host header");
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        String name = h;
        int port = 80;
        if (colon > h.lastIndexOf(']')) {
            name = h.substring(0, colon);
            String digits = h.substring(colon + 1);
            if (!PORT.matcher(digits).matches()) {
                return Optional.of(refusal(host, localPort));
            }
            port = Integer.parseInt(digits);
        }
        if (port != localPort || !ownName(name)) {
            return Optional.of(refusal(host, localPort));
        }
        return Optional.empty();
    }

    /** What this server answers to on {@code port}, for messages. */
    public String expected(int port) {
        String local = "localhost:" + port + ", 127.0.0.1:" + port + " or [::1]:" + port;
        if (bound.isLoopbackAddress()) {
            return local;
        }
        return bound.isAnyLocalAddress() ? local + ", or an IP address of this machine with port " + port
                : local + ", or " + hostLiteral(bound) + ":" + port;
    }

    private String refusal(String host, int port) {
        String shown = host.length() > 100 ? host.substring(0, 100) + "..." : host;
        return "Host \"" + shown + "\" is not this server's own; it answers only to " + expected(port)
                + " (other names are refused against DNS rebinding)";
    }

    private boolean ownName(String name) {
        if (name.equals("localhost")) {
            return true;
        }
        Optional<InetAddress> address = name.startsWith("[") && name.endsWith("]")
                ? ipv6(name.substring(1, name.length() - 1)) : ipv4(name);
        if (address.isEmpty()) {
            return false;
        }
        InetAddress a = address.get();
        if (a.equals(bound) || isLocalhost(a)) {
            return true;
        }
        return bound.isAnyLocalAddress() && ofThisMachine(a);
    }

    /** 127.0.0.1 and ::1: the addresses {@code localhost} stands for. */
    private static boolean isLocalhost(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return b[0] == 127 && b[1] == 0 && b[2] == 0 && b[3] == 1;
        }
        return a.isLoopbackAddress();
    }

    private static boolean ofThisMachine(InetAddress a) {
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static Optional<InetAddress> literal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return ipv4("127.0.0.1");
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            return ipv6(h.substring(1, h.length() - 1));
        }
        return h.contains(":") ? ipv6(h) : ipv4(h);
    }

    private static Optional<InetAddress> ipv4(String s) {
        if (!IPV4.matcher(s).matches()) {
            return Optional.empty();
        }
        for (String part : s.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return Optional.empty();
            }
        }
        return parse(s);
    }

    private static Optional<InetAddress> ipv6(String s) {
        if (!s.contains(":") || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty(); // also keeps zone ids (%eth0) and names out of the parser
        }
        return parse("[" + s + "]"); // brackets: the JDK then parses an IPv6 literal or fails, never looks up
    }

    /** Only ever called with a literal, so {@link InetAddress#getByName} does no lookup. */
    private static Optional<InetAddress> parse(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String hostLiteral(InetAddress a) {
        String text = a.getHostAddress();
        return a.getAddress().length == 16 ? "[" + text + "]" : text;
    }
}
