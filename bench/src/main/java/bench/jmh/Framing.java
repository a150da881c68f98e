package bench.jmh;

/** What the framing benchmarks share. */
final class Framing {

    private Framing() {}

    /** Fails the pass unless it saw every frame of the input. */
    static long check(long frames, FramingInput.Reads input) {
        if (frames != input.frames()) {
            throw new IllegalStateException("saw " + frames + " frames of " + input.frames());
        }
        return frames;
    }
}
