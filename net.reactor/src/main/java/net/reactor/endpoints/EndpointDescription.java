package net.reactor.endpoints;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint description string split into its fields, in Twisted's syntax: fields are separated
 * by {@code :}; a field containing {@code =} is a keyword parameter ({@code key=value}, and only
 * the first {@code =} separates: {@code a=b=c} sets {@code a} to {@code "b=c"}); any other field is
 * positional; a backslash makes the next character literal, so {@code \:} is a colon inside a
 * field (an IPv6 address, a Windows path). The first field is the endpoint type.
 *
 * {@snippet :
 * EndpointDescription d = EndpointDescription.parse("tcp6:8080:interface=\\:\\:1");
 * d.type();       // "tcp6"
 * d.positional(); // ["8080"]
 * d.keywords();   // {interface=::1}
 * }
 *
 * <p>Parsers ({@link ServerEndpointParser}, {@link ClientEndpointParser}) receive one and use
 * {@link #bind} to match its fields to their parameters the way Twisted's Python calls do.
 *
 * @param description the whole string, for error messages
 * @param type the first field, as written
 * @param positional the other positional fields, in order
 * @param keywords the keyword fields, in order
 */
public record EndpointDescription(
        String description, String type, List<String> positional, Map<String, String> keywords) {

    /**
     * Copies the collections.
     */
    public EndpointDescription {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        positional = List.copyOf(positional);
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    /**
     * Splits a description into fields.
     *
     * @param description for example {@code "tcp:8080:interface=127.0.0.1"}
     * @return the parsed description
     * @throws EndpointDescriptionException if it is empty, does not start with a type, ends in a
     *     lone backslash, or repeats a keyword
     */
    public static EndpointDescription parse(String description) {
        Objects.requireNonNull(description, "description");
        if (description.isEmpty()) {
            throw new EndpointDescriptionException(description, "it is empty; expected TYPE:FIELD:...");
        }
        List<List<String>> fields = new ArrayList<>();
        List<String> field = new ArrayList<>(2);
        StringBuilder current = new StringBuilder();
        boolean equalsAllowed = true;
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c == '\\') {
                if (++i == description.length()) {
                    throw new EndpointDescriptionException(description, "it ends in a lone backslash (escape character)");
                }
                current.append(description.charAt(i));
            } else if (c == ':') {
                field.add(current.toString());
                fields.add(field);
                field = new ArrayList<>(2);
                current.setLength(0);
                equalsAllowed = true;
            } else if (c == '=' && equalsAllowed) {
                field.add(current.toString());
                current.setLength(0);
                equalsAllowed = false;
            } else {
                current.append(c);
            }
        }
        field.add(current.toString());
        fields.add(field);

        List<String> first = fields.getFirst();
        if (first.size() != 1) {
            throw new EndpointDescriptionException(description,
                    "it must start with the endpoint type, not the parameter '" + first.getFirst() + "='");
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (List<String> f : fields.subList(1, fields.size())) {
            if (f.size() == 1) {
                positional.add(f.getFirst());
            } else if (keywords.putIfAbsent(f.get(0), f.get(1)) != null) {
                throw new EndpointDescriptionException(description, "parameter '" + f.get(0) + "' is given twice");
            }
        }
        return new EndpointDescription(description, first.getFirst(), positional, keywords);
    }

    /**
     * Matches the fields to named parameters the way a Python call {@code f(*positional,
     * **keywords)} does: positional fields fill {@code parameters} in order, keyword fields fill
     * them by name.
     *
     * @param parameters every parameter the endpoint type takes, in positional order
     * @param required the parameters that must be given
     * @return the given parameters by name, in {@code parameters} order (missing optional ones
     *     are absent)
     * @throws EndpointDescriptionException for too many positional fields, an unknown keyword, a
     *     parameter given both ways, or a missing required one
     */
    public Map<String, String> bind(List<String> parameters, Set<String> required) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(required, "required");
        if (positional.size() > parameters.size()) {
            throw fail("too many positional fields " + positional + "; " + type + " takes " + parameters);
        }
        Map<String, String> bound = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) {
            bound.put(parameters.get(i), positional.get(i));
        }
        for (Map.Entry<String, String> keyword : keywords.entrySet()) {
            String name = keyword.getKey();
            if (!parameters.contains(name)) {
                throw fail("unknown parameter '" + name + "'; " + type + " takes " + parameters);
            }
            if (bound.putIfAbsent(name, keyword.getValue()) != null) {
                throw fail("parameter '" + name + "' is given both by position and by name");
            }
        }
        for (String name : parameters) {
            if (required.contains(name) && !bound.containsKey(name)) {
                throw fail("missing required parameter '" + name + "'");
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : parameters) {
            String value = bound.get(name);
            if (value != null) {
                ordered.put(name, value);
            }
        }
        return ordered;
    }

    /**
     * Parses an integer parameter.
     *
     * @param name the parameter's name, for the error message
     * @param value its text, or null if absent
     * @param defaultValue used when absent
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     * @throws EndpointDescriptionException if it is not a decimal integer in range
     */
    public int intParameter(String name, @Nullable String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            throw fail(name + " '" + value + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw fail(name + " " + parsed + " is out of range " + min + ".." + max);
        }
        return parsed;
    }

    /**
     * Reads a client description's destination Twisted's way: {@code HOST:PORT} by position,
     * {@code host=} and {@code port=} by name, or the host by name and the port by position. It
     * also refuses keywords the endpoint type does not take, so every client parser (tcp, ssl and
     * ones plugged in) reads descriptions alike.
     *
     * @param parameters every keyword the endpoint type takes, named in the unknown-parameter error
     * @return the host and the port (1 to 65535)
     * @throws EndpointDescriptionException for an unknown keyword, too many positional fields, a
     *     field given both by position and by name, a missing host or port, or a bad port
     */
    public HostAndPort clientHostAndPort(Collection<String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        for (String name : keywords.keySet()) {
            if (!parameters.contains(name)) {
                throw fail("unknown parameter '" + name + "'; " + type + " takes " + parameters);
            }
        }
        String host = keywords.get("host");
        String port = keywords.get("port");
        switch (positional.size()) {
            case 0 -> {}
            case 1 -> {
                if (host != null) {
                    port = byPositionOnly("port", port, positional.getFirst());
                } else {
                    host = positional.getFirst();
                }
            }
            case 2 -> {
                host = byPositionOnly("host", host, positional.get(0));
                port = byPositionOnly("port", port, positional.get(1));
            }
            default -> throw fail("too many positional fields " + positional + "; expected HOST:PORT");
        }
        if (host == null || host.isEmpty()) {
            throw fail("missing required parameter 'host'");
        }
        if (port == null) {
            throw fail("missing required parameter 'port'");
        }
        return new HostAndPort(host, intParameter("port", port, 0, 1, 65535));
    }

    private String byPositionOnly(String name, @Nullable String byName, String byPosition) {
        if (byName != null) {
            throw fail("parameter '" + name + "' is given both by position and by name");
        }
        return byPosition;
    }

    /**
     * A client description's destination, from {@link #clientHostAndPort}.
     *
     * @param host the host name or address literal, never empty
     * @param port the port, 1 to 65535
     */
    public record HostAndPort(String host, int port) {}

    /**
     * Makes the exception for a problem with this description.
     *
     * @param problem what is wrong, naming the part at fault
     * @return the exception, for the caller to throw
     */
    public EndpointDescriptionException fail(String problem) {
        return new EndpointDescriptionException(description, type + ": " + problem);
    }
}
