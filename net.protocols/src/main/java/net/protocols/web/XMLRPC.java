package net.protocols.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.deferred.Deferred;
import net.deferred.Failure;
import org.jspecify.annotations.Nullable;

/**
 * An XML-RPC server as a resource, after Twisted's {@code twisted.web.xmlrpc.XMLRPC}: a POST
 * carries a {@code methodCall}; the handler registered under its name runs with the decoded
 * parameters; its result (or the result of the Deferred it returns) goes back as a
 * {@code methodResponse}.
 *
 * {@snippet :
 * XMLRPC adder = new XMLRPC().register("add", params -> (Integer) params.get(0) + (Integer) params.get(1));
 * reactor.listenTCP(7080, new Site(adder, reactor));
 * }
 *
 * <p>Handlers are published by name in an explicit registry — no reflection. Errors are XML-RPC
 * faults, not HTTP errors: an unknown method is fault {@link #NOT_FOUND}; input that cannot be
 * decoded, a handler's exception other than {@link XMLRPCFault}, and a result that cannot be
 * encoded are fault {@link #FAILURE} (the details are logged, not sent); an {@link XMLRPCFault}
 * is sent as it is. The XML is read with DOCTYPE declarations refused, so external entities
 * and entity expansion never happen. {@code nil} (null) is accepted and sent only when allowed
 * at construction, as Twisted's {@code allowNone}.
 *
 * <p>The resource is a leaf: it answers at its own path and every path below it, which is how the
 * sample serves both {@code /} and {@code /RPC2}. Handlers run on the reactor thread; one that
 * blocks should return a Deferred from a virtual thread (for example
 * {@code reactor.deferToThread(...)}).
 */
public class XMLRPC extends Resource {
    /** Fault code of a call to a method that is not registered (Twisted's value). */
    public static final int NOT_FOUND = 8001;
    /** Fault code of a call that could not be decoded or whose handler failed (Twisted's value). */
    public static final int FAILURE = 8002;

    private static final System.Logger LOG = System.getLogger("net.protocols.web");

    /** One published procedure. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the procedure on the reactor thread.
         *
         * @param params the decoded parameters, in order (see {@link XMLRPC} for the Java types)
         * @return the result value, or a {@link Deferred} of it
         * @throws Exception an {@link XMLRPCFault} to answer that fault; anything else answers
         *     {@link #FAILURE}
         */
        @Nullable Object call(List<@Nullable Object> params) throws Exception;
    }

    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final boolean allowNone;

    /** Creates an XML-RPC resource that refuses {@code nil}. */
    public XMLRPC() {
        this(false);
    }

    /**
     * Creates an XML-RPC resource.
     *
     * @param allowNone whether {@code <nil/>} is accepted in calls and null results are sent as it
     */
    public XMLRPC(boolean allowNone) {
        this.allowNone = allowNone;
    }

    /**
     * Publishes a procedure (replacing one of the same name). Dotted names such as
     * {@code math.add} are names like any other.
     *
     * @param methodName the name callers use
     * @param handler runs the call
     * @return this resource, to chain registrations
     */
    public XMLRPC register(String methodName, Handler handler) {
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(handler, "handler");
        handlers.put(methodName, handler);
        return this;
    }

    /**
     * The published names, in registration order.
     *
     * @return an unmodifiable view
     */
    public Set<String> methodNames() {
        return Collections.unmodifiableSet(handlers.keySet());
    }

    /**
     * Serves every path below this one too.
     *
     * @return true
     */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * XML-RPC calls are POSTs.
     *
     * @return {@code POST}
     */
    @Override
    public Set<String> allowedMethods() {
        return Set.of("POST");
    }

    /**
     * Decodes the call, runs its handler and answers the response or fault, with
     * {@code Content-Type: text/xml}.
     *
     * @param request the POST
     * @return the response now, or later if the handler returned a Deferred
     */
    @Override
    protected Render renderPOST(Request request) {
        request.setHeader("Content-Type", "text/xml; charset=utf-8");
        XMLRPCCodec.Call call;
        try {
            call = XMLRPCCodec.parseCall(request.content(), allowNone);
        } catch (XMLRPCFault f) {
            return Render.bytes(XMLRPCCodec.encodeFault(f.faultCode(), f.faultString()));
        }
        Handler handler = handlers.get(call.methodName());
        if (handler == null) {
            return Render.bytes(XMLRPCCodec.encodeFault(NOT_FOUND, "procedure " + call.methodName() + " not found"));
        }
        Object result;
        try {
            result = handler.call(call.params());
        } catch (Exception e) {
            return Render.bytes(fault(call.methodName(), e));
        }
        if (result instanceof Deferred<?> d) {
            @SuppressWarnings("unchecked")
            Deferred<@Nullable Object> deferred = (Deferred<@Nullable Object>) d;
            return Render.later(deferred.addCallbacks(
                    value -> encode(call.methodName(), value),
                    (Failure f) -> fault(call.methodName(), f.value())));
        }
        return Render.bytes(encode(call.methodName(), result));
    }

    private byte[] encode(String method, @Nullable Object value) {
        try {
            return XMLRPCCodec.encodeResponse(value, allowNone);
        } catch (IllegalArgumentException e) {
            return fault(method, e);
        }
    }

    private static byte[] fault(String method, Throwable error) {
        if (error instanceof XMLRPCFault f) {
            return XMLRPCCodec.encodeFault(f.faultCode(), f.faultString());
        }
        LOG.log(System.Logger.Level.WARNING, "XML-RPC method " + method + " failed", error);
        return XMLRPCCodec.encodeFault(FAILURE, "error");
    }
}
