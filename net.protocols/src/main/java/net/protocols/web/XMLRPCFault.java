package net.protocols.web;

/**
 * An XML-RPC fault: a code and a message the caller receives as a {@code <fault>} response, not
 * as an HTTP error. A handler throws (or fails its Deferred with) this to answer a fault of its
 * choosing; any other exception becomes {@link XMLRPC#FAILURE}.
 */
public class XMLRPCFault extends Exception {
    private static final long serialVersionUID = 1L;
    private final int faultCode;
    private final String faultString;

    /**
     * Creates a fault.
     *
     * @param faultCode the fault's code
     * @param faultString the fault's message
     */
    public XMLRPCFault(int faultCode, String faultString) {
        super(faultCode + ": " + faultString);
        this.faultCode = faultCode;
        this.faultString = faultString;
    }

    /**
     * The fault code.
     *
     * @return the code
     */
    public int faultCode() {
        return faultCode;
    }

    /**
     * The fault message.
     *
     * @return the message
     */
    public String faultString() {
        return faultString;
    }
}
