package io.onefold.cli.generate;

/**
 * The journeys the generator draws customers from, with their share of the population. Each one exercises a
 * different path of identity resolution, so the checker's precision and recall mean something.
 */
public enum CustomerKind {
    /** In the CRM with email and phone; chats and calls from the known phone. */
    CRM_CUSTOMER(0.70),
    /** In the CRM, calls the IVR from a new mobile (a separate, phone-only profile), then gives email and that mobile in chat: the two merge. */
    CRM_NEW_PHONE(0.10),
    /** Not in the CRM: chats with an email, sometimes a phone. */
    CHAT_PROSPECT(0.12),
    /** Not in the CRM: calls the IVR, then identifies in chat with email and the same phone: the caller's profile merges into the chat one. */
    CALLER_IDENTIFIES_LATER(0.03),
    /** Only ever calls: a phone-only profile that stays alone. */
    ANONYMOUS_CALLER(0.05);

    final double share;

    CustomerKind(double share) {
        this.share = share;
    }

    /** The kind of the customer drawn with {@code u} uniform in [0, 1). */
    static CustomerKind draw(double u) {
        double cumulative = 0;
        for (CustomerKind k : values()) {
            cumulative += k.share;
            if (u < cumulative) return k;
        }
        return ANONYMOUS_CALLER;
    }

    boolean inCrm() {
        return this == CRM_CUSTOMER || this == CRM_NEW_PHONE;
    }
}
