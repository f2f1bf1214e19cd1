package dev.portknock.runtime;

import dev.portknock.core.DiscardReason;
import dev.portknock.pad.PadId;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link KnockServer} reports to its listeners. Events carry door names, pad ids,
 * positions, sources and outcomes; never pad digits or tags.
 */
public sealed interface KnockEvent {
    /** The door the event is about. */
    String door();

    /**
     * A complete knock passed verification (fixed: matched the sequence) and was consumed.
     *
     * @param door the door
     * @param source where the knock came from
     * @param padId the pad whose block it was (one-time doors)
     * @param label that pad's label, naming its holder (one-time doors)
     * @param knockIndex the consumed block (0 for fixed doors)
     * @param knocksLeft knocks the pad still holds (0 for fixed doors)
     * @param lowWater whether the pad fell below its door's low-water mark
     */
    record Accepted(String door, InetAddress source, java.util.Optional<PadId> padId,
                    java.util.Optional<String> label, long knockIndex, long knocksLeft, boolean lowWater)
            implements KnockEvent {
        /** Validates. */
        public Accepted {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(padId, "padId");
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * A complete knock's tags were right for a pad its door no longer serves: its holder was
     * revoked. Nothing was consumed or opened.
     *
     * @param door the door
     * @param source where the knock came from
     * @param padId the revoked pad
     * @param label its label
     */
    record Revoked(String door, InetAddress source, PadId padId, String label) implements KnockEvent {
        /** Validates. */
        public Revoked {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(padId, "padId");
            Objects.requireNonNull(label, "label");
        }
    }

    /** A complete knock opened nothing. */
    record Rejected(String door, InetAddress source, RejectReason reason) implements KnockEvent {
        /** Validates. */
        public Rejected {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A partial knock was dropped by the matcher (wrong packet, timeout, eviction). */
    record Discarded(String door, InetAddress source, DiscardReason reason) implements KnockEvent {
        /** Validates. */
        public Discarded {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Too many failed knocks from the knock's source prefix this interval; dropped unchecked. */
    record Throttled(String door, InetAddress source) implements KnockEvent {
        /** Validates. */
        public Throttled {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * The door's pads are used up: no knock can open it until a new pad is installed.
     *
     * @param door the door's name
     * @param source the knock's source
     * @param padId an exhausted pad of the door
     * @param label that pad's label
     */
    record Exhausted(String door, InetAddress source, PadId padId, String label) implements KnockEvent {
        /** Validates. */
        public Exhausted {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(padId, "padId");
            Objects.requireNonNull(label, "label");
        }
    }

    /** A service was opened for a source, until the given time. */
    record Opened(String door, int service, InetAddress source, Instant until) implements KnockEvent {
        /** Validates. */
        public Opened {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * A service's launcher ran for a source and left nothing to close (knockd's {@code command}
     * without a {@code stop_command}): no {@link Closed} follows.
     */
    record Started(String door, int service, InetAddress source) implements KnockEvent {
        /** Validates. */
        public Started {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A repeated valid knock moved an opening's end later. */
    record Extended(String door, int service, InetAddress source, Instant until) implements KnockEvent {
        /** Validates. */
        public Extended {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(until, "until");
        }
    }

    /** A service opened for a source was closed again. */
    record Closed(String door, int service, InetAddress source) implements KnockEvent {
        /** Validates. */
        public Closed {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A launcher failed to start, extend or stop a service. */
    record LaunchFailed(String door, int service, InetAddress source, String action, String message)
            implements KnockEvent {
        /** Validates. */
        public LaunchFailed {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a complete knock opened nothing. */
    enum RejectReason {
        /** No pad's region holds a block this knock verifies for: garbage, forged, far too old or far ahead. */
        NO_CANDIDATE,
        /** The tags are right for a consumed block: a replay, or a client that reused its state. */
        BEHIND_CURSOR,
        /** The tags are right for a block past the window: a drifted client; its next knock resynchronises. */
        BEYOND_WINDOW,
        /** Sealed: wrong tags (forged, altered, or sent from another source than it is bound to). */
        BAD_TAGS,
        /** Raw: candidate blocks exist but none has the knock's digits. */
        BAD_DIGITS,
        /**
         * The knock's command holds a value the door's verifier does not allow (a service it does
         * not offer), found before the tags were checked: nothing consumed, no failure counted.
         */
        COMMAND_NOT_ALLOWED,
        /** The state store could not be read or written: the server fails closed. */
        STATE_UNAVAILABLE
    }
}
