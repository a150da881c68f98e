package net.protocols.web;

import java.util.Objects;

/**
 * A leaf resource that answers every request with one status and a small HTML page, as Twisted's
 * {@code ErrorPage}; {@link #notFound()} is its {@code NoResource}.
 *
 * <p>Renders on the reactor thread, as every resource does; build it on any thread.
 */
public class ErrorPage extends Resource {
    private final int code;
    private final String brief;
    private final String detail;

    /**
     * Creates an error page.
     *
     * @param code the status code (100–599)
     * @param brief the title, e.g. {@code "No Such Resource"}
     * @param detail a sentence for the page's body
     */
    public ErrorPage(int code, String brief, String detail) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not a status code: " + code);
        }
        this.code = code;
        this.brief = Objects.requireNonNull(brief, "brief");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * The 404 page served for paths with no resource.
     *
     * @return a new 404 page
     */
    public static ErrorPage notFound() {
        return new ErrorPage(404, "No Such Resource", "No such child resource.");
    }

    /**
     * The status this page answers.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * An error page is a leaf: the rest of the path does not matter.
     *
     * @return true
     */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Answers this page for any child.
     *
     * @param segment ignored
     * @param request ignored
     * @return this page
     */
    @Override
    public Resource getChild(String segment, Request request) {
        return this;
    }

    /**
     * An error page reads no body: with {@code Expect: 100-continue} the client is answered at
     * once and never told to send it.
     *
     * @param request ignored
     * @return false
     */
    @Override
    public boolean acceptsBody(Request request) {
        return false;
    }

    /**
     * Sets the status and {@code Content-Type: text/html} and answers the page, whatever the
     * method.
     *
     * @param request the request
     * @return the page
     */
    @Override
    public Render render(Request request) {
        request.setResponseCode(code);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return Render.text(page(code, brief, detail));
    }

    static String page(int code, String brief, String detail) {
        String title = code + " - " + escape(brief);
        return "<html>\n  <head><title>" + title + "</title></head>\n  <body>\n    <h1>" + escape(brief)
                + "</h1>\n    <p>" + escape(detail) + "</p>\n  </body>\n</html>\n";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
