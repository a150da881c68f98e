/**
 * Blocking-façade material shared by the integration tests (and meant for the {@code legacy}
 * sample): plain java.io code that Spindle serves unmodified on virtual threads.
 */
@NullMarked
package spindle.it.facade;

import org.jspecify.annotations.NullMarked;
