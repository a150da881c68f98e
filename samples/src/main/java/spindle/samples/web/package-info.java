/**
 * The web samples: the XML-RPC adder ({@code samples/run xmlrpc}).
 */
package spindle.samples.web;
