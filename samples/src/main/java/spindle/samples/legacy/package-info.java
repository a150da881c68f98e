/**
 * Legacy blocking code under the reactor: a java.io service written without Spindle in mind,
 * served unchanged through the virtual-thread façade.
 */
@NullMarked
package spindle.samples.legacy;

import org.jspecify.annotations.NullMarked;
