package net.protocols.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;

/**
 * A JMH-free micro-measure of XML-RPC parsing, not a test: parseCall (the fast path), the StAX
 * fallback alone, and the DOM reader it replaced ({@link DomXMLRPCReference}), on the bench's
 * {@code add(1, 2)} call, in rounds, interleaved. Run from the module directory after
 * {@code test-compile}:
 * {@code java -cp target/classes:target/test-classes:DEPS net.protocols.web.XMLRPCParseThroughput [rounds]}.
 * Figures per thread CPU-second depend less on a loaded machine than those per second.
 */
final class XMLRPCParseThroughput {
    private XMLRPCParseThroughput() {}

    interface Parser {
        Object parse(byte[] xml) throws XMLRPCFault;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // What bench/src/main/lua/xmlrpc_add.lua posts (Python's xmlrpc.client's layout).
        byte[] add = ("<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n"
                + "<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><int>2</int></value>\n</param>\n"
                + "</params>\n</methodCall>\n").getBytes(UTF_8);
        byte[] response = XMLRPCCodec.encodeResponse(java.util.Map.of("a", List.of(1, "two", 3.0)), false);
        List<String> names = List.of("parseCall (tokenizer)", "parseCall via StAX only", "DOM reader (before)",
                "parseResponse (tokenizer)", "encodeResponse(3)");
        List<Parser> parsers = List.of(x -> XMLRPCCodec.parseCall(x, false), x -> XMLRPCCodec.parseCallWithStAX(x, false),
                x -> DomXMLRPCReference.parseCall(x, false), x -> XMLRPCCodec.parseResponse(response, false),
                x -> XMLRPCCodec.encodeResponse(3, false));
        if (!XMLRPCCodec.parseCall(add, false).equals(DomXMLRPCReference.parseCall(add, false))) {
            throw new AssertionError("the parsers disagree");
        }
        // Per thread CPU-second as well as per second: the machine may be shared.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < parsers.size(); p++) {
                long n = 0;
                long start = System.nanoTime();
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long end = start + 500_000_000L;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 100; i++) {
                        parsers.get(p).parse(add);
                    }
                    n += 100;
                }
                double perSecond = n / ((System.nanoTime() - start) / 1e9);
                double perCpuSecond = n / ((cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9);
                System.out.printf("round %d  %-26s %,12.0f /s  %,12.0f /thread CPU-s%n", r + 1, names.get(p), perSecond,
                        perCpuSecond);
            }
        }
    }
}
