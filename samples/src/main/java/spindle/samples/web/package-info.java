/**
 * The web samples: the XML-RPC adder ({@code samples/run xmlrpc}) and a static file server
 * ({@code samples/run web}).
 */
package spindle.samples.web;
