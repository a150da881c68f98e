/** Spindle's AMP server for the {@code ampsum} workload (its Twisted peer is a Python script). */
package bench.amp;
