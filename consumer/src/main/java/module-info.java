/** An outside application of Spindle: what a new user's module-info says. */
module spindle.consumer {
    requires net.reactor;
    requires net.protocols;
    requires net.dbapi;
}
