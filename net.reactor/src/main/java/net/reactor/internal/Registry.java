package net.reactor.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The open {@link Selectable}s of one reactor: an array list with each element knowing its index,
 * so adding and removing are O(1) and allocate nothing per connection.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class Registry {
    private final ArrayList<Selectable> items = new ArrayList<>();

    void add(Selectable s) {
        if (s.registryIndex >= 0) {
            return;
        }
        s.registryIndex = items.size();
        items.add(s);
    }

    void remove(Selectable s) {
        int i = s.registryIndex;
        if (i < 0) {
            return;
        }
        int last = items.size() - 1;
        Selectable moved = items.remove(last);
        if (i != last) {
            items.set(i, moved);
            moved.registryIndex = i;
        }
        s.registryIndex = -1;
    }

    int size() {
        return items.size();
    }

    List<Selectable> snapshot() {
        return new ArrayList<>(items);
    }
}
