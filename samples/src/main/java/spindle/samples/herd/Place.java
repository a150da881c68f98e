package spindle.samples.herd;

/**
 * A place in the database.
 *
 * @param id its key
 * @param name its name (may contain spaces)
 * @param location where it is
 */
record Place(int id, String name, Location location) {}
