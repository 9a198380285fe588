package io.onefold.core.identity;

/**
 * A pending change to the identifiers of the cluster of {@code target} (its root), planned during an upsert's checks
 * ({@link UpsertPlanner}) and applied after them; new values go to {@code holder}, the node that receives the record.
 */
sealed interface IdentifierChange permits IdentifierChange.AddCurrent, IdentifierChange.AddAlias, IdentifierChange.Promote, IdentifierChange.Transfer {
    void apply(IdentityIndex index, ProfileNode target, ProfileNode holder);

    record AddCurrent(IdentifierKey key, boolean linking) implements IdentifierChange {
        public void apply(IdentityIndex index, ProfileNode target, ProfileNode holder) {
            index.attachCurrent(holder, key, linking);
        }
    }

    record AddAlias(IdentifierKey key) implements IdentifierChange {
        public void apply(IdentityIndex index, ProfileNode target, ProfileNode holder) {
            index.attachAlias(holder, key);
        }
    }

    /** An alias of the cluster becomes current again; the current values become aliases. */
    record Promote(IdentifierKey key) implements IdentifierChange {
        public void apply(IdentityIndex index, ProfileNode target, ProfileNode holder) {
            index.demoteAll(target.id, key.attribute());
            index.makeCurrent(index.node(index.owner(key)), key);
        }
    }

    /** Every current value of the attribute becomes an alias; {@code key} becomes current. */
    record Transfer(IdentifierKey key, boolean linking) implements IdentifierChange {
        public void apply(IdentityIndex index, ProfileNode target, ProfileNode holder) {
            index.demoteAll(target.id, key.attribute());
            index.attachCurrent(holder, key, linking);
        }
    }
}
