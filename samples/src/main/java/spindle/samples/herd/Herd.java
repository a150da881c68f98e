package spindle.samples.herd;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import spindle.samples.support.Programs;

/**
 * The herd servers this process runs (all five, or one with {@code --only}): their listening
 * ports and their links to their neighbours, wherever those run. All on one reactor, or, with
 * {@code --reactors N}, each server on one member of a reactor group: a server, its clients, its
 * peer port and its links share that member's thread, so a server still needs no locks; servers
 * talk to each other only over their TCP links, whichever member they are on.
 *
 * <p>Threading: {@link #start()} on the reactor's creating thread before it runs, or on the
 * reactor thread; {@link #allLinksUp()} may be waited on from any thread.
 */
final class Herd {
    /** The reactor each server runs on, by name. */
    private final Function<String, Reactor> reactorFor;
    private final PlacesStore places;
    private final InstantSource wallClock;
    private final String interfaceAddress;
    private final String peerHost;
    private final int basePort;
    private final List<String> local;
    private final Map<String, HerdServer> servers = new LinkedHashMap<>();
    private final Map<String, ListeningPort> listening = new LinkedHashMap<>();
    private final Map<String, ListeningPort> peerListening = new LinkedHashMap<>();
    private final List<PeerLink> links = new ArrayList<>();
    private final CompletableFuture<Void> allLinksUp = new CompletableFuture<>();
    private final AtomicInteger linksUp = new AtomicInteger();

    /**
     * @param interfaceAddress where the servers listen
     * @param basePort Alford's port (the others follow); 0 gives every server a free port, which
     *     only works when all five run here
     * @param local the servers to run in this process
     */
    Herd(Reactor reactor, PlacesStore places, InstantSource wallClock, String interfaceAddress, int basePort,
            List<String> local) {
        this(name -> reactor, places, wallClock, interfaceAddress, basePort, local);
    }

    /** As above, with each server on {@code reactorFor.apply(name)} (a reactor group's member). */
    Herd(Function<String, Reactor> reactorFor, PlacesStore places, InstantSource wallClock, String interfaceAddress,
            int basePort, List<String> local) {
        if (basePort == 0 && local.size() != Topology.SERVERS.size()) {
            throw new IllegalArgumentException("base port 0 needs every server in one process");
        }
        this.reactorFor = reactorFor;
        this.places = places;
        this.wallClock = wallClock;
        this.interfaceAddress = interfaceAddress;
        this.peerHost = dialable(interfaceAddress);
        this.basePort = basePort;
        this.local = List.copyOf(local);
    }

    /** The address to dial a server listening on {@code interfaceAddress}: a wildcard means loopback. */
    static String dialable(String interfaceAddress) {
        return interfaceAddress.isEmpty() || interfaceAddress.equals("0.0.0.0") || interfaceAddress.equals("::")
                ? Programs.DEFAULT_INTERFACE
                : interfaceAddress;
    }

    /** Listens on every local server's port, then starts every link. */
    void start() {
        for (String name : local) {
            HerdServer server = new HerdServer(name, places, wallClock);
            Reactor reactor = reactorFor.apply(name);
            servers.put(name, server);
            int port = basePort == 0 ? 0 : Topology.port(name, basePort);
            listening.put(name, reactor.listenTCP(port, server.factory(), ReactorTCP.DEFAULT_BACKLOG, interfaceAddress));
            int peerPort = basePort == 0 ? 0 : Topology.peerPort(name, basePort);
            peerListening.put(name, reactor.listenTCP(peerPort, server.peerFactory(), ReactorTCP.DEFAULT_BACKLOG,
                    interfaceAddress));
        }
        List<Runnable> connects = new ArrayList<>();
        for (HerdServer server : servers.values()) {
            Reactor reactor = reactorFor.apply(server.name());
            List<PeerLink> own = new ArrayList<>();
            for (String neighbour : Topology.neighbours(server.name())) {
                ListeningPort here = peerListening.get(neighbour);
                int port = here != null ? Programs.port(here.getHost()) : Topology.peerPort(neighbour, basePort);
                PeerLink link = new PeerLink(reactor, server, neighbour, peerHost, port, this::linkUp);
                server.addLink(link);
                own.add(link);
            }
            links.addAll(own);
            reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> own.forEach(PeerLink::shutdown));
            connects.add(() -> own.forEach(link -> link.connect(reactor)));
        }
        // Every link is counted before any connects, so allLinksUp waits for all of them.
        connects.forEach(Runnable::run);
    }

    /** The local servers' listening ports, in herd order. */
    Map<String, ListeningPort> listening() {
        return listening;
    }

    /** The local servers' peer ports (where neighbours' links connect), in herd order. */
    Map<String, ListeningPort> peerListening() {
        return peerListening;
    }

    /** Completes once every link of every local server has connected at least once. */
    CompletableFuture<Void> allLinksUp() {
        return allLinksUp;
    }

    private void linkUp() {
        // Links of servers on different members come up on different threads.
        if (linksUp.incrementAndGet() == links.size()) {
            allLinksUp.complete(null);
        }
    }
}
