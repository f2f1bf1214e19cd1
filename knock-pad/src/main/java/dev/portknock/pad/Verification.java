package dev.portknock.pad;

import java.util.Objects;

/** What a {@link DoorVerifier} made of one knock: a value, never an exception. */
public sealed interface Verification
        permits Verification.Accepted, Verification.Rejected, Verification.Throttled, Verification.Exhausted,
        Verification.Revoked {

    /**
     * Whether the knock's tags (raw: digits) were right for some pad block: accepted, a replay or
     * late knock behind the cursor, a drifted one beyond the window, or a revoked pad's. A genuine
     * knock came from a holder of the pad, so no genuine knock begins on its later digits (a
     * server ends the candidates they opened); a forged, throttled or refused one says nothing.
     */
    boolean isGenuine();

    /** Why a knock was rejected. */
    enum Reason {
        /**
         * No pad's region holds a block this knock verifies for: garbage, a forgery, a knock far
         * too old or too far ahead, or one for another door.
         */
        NO_CANDIDATE,
        /**
         * Sealed: the tags are right for a block already consumed (PROTOCOL.md §3.4): a replay, or
         * a client that lost its state and reused a block.
         */
        BEHIND_CURSOR,
        /**
         * Sealed: the tags are right for a block past the window (PROTOCOL.md §3.4): a client that
         * drifted. Held as the first knock of a resync: the next knock from the same source opens.
         */
        BEYOND_WINDOW,
        /** Sealed: a block of the window could be it but the tags are wrong (forged, altered, or from another source). */
        BAD_TAGS,
        /** Raw: candidate blocks exist but none has the knock's digits. */
        BAD_DIGITS,
        /**
         * The knock's decoded command has a value the door does not allow at a restricted digit
         * (a service it does not offer; {@link DoorVerifier.Builder#restrictCommandDigit}), or one
         * the pad's own services ({@link DoorPad#services()}) leave out. Found before the tags are
         * checked: it counts no failure.
         */
        COMMAND_NOT_ALLOWED
    }

    /**
     * The knock was good and its block is consumed; the new cursor was durable before this was returned.
     *
     * @param padId the pad whose block matched
     * @param label the pad's label ({@link DoorPad#label()})
     * @param knockIndex j*, the consumed block
     * @param command the decoded command digits (copied in and out)
     * @param knocksLeft knocks the pad still holds after this one
     * @param lowWater whether knocksLeft fell below the verifier's low-water mark
     */
    record Accepted(PadId padId, String label, long knockIndex, int[] command, long knocksLeft, boolean lowWater)
            implements Verification {
        /** Validates and copies. */
        public Accepted {
            Objects.requireNonNull(padId, "padId");
            Objects.requireNonNull(label, "label");
            command = Objects.requireNonNull(command, "command").clone();
        }

        /** An acceptance for a pad labelled with its id's text ({@link DoorPad#of}). */
        public Accepted(PadId padId, long knockIndex, int[] command, long knocksLeft, boolean lowWater) {
            this(padId, padId.toString(), knockIndex, command, knocksLeft, lowWater);
        }

        /** True: its tags were right and its block is consumed. */
        @Override
        public boolean isGenuine() {
            return true;
        }

        /** The command digits, copied. */
        @Override
        public int[] command() {
            return command.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Accepted a && padId.equals(a.padId) && label.equals(a.label)
                    && knockIndex == a.knockIndex && java.util.Arrays.equals(command, a.command)
                    && knocksLeft == a.knocksLeft && lowWater == a.lowWater;
        }

        @Override
        public int hashCode() {
            return Objects.hash(padId, label, knockIndex, java.util.Arrays.hashCode(command), knocksLeft, lowWater);
        }

        @Override
        public String toString() {
            return "Accepted[" + padId + ", " + label + ", " + knockIndex + ", command="
                    + java.util.Arrays.toString(command) + ", knocksLeft=" + knocksLeft + ", lowWater=" + lowWater + "]";
        }
    }

    /**
     * The knock opens nothing; nothing was consumed.
     *
     * @param reason why
     */
    record Rejected(Reason reason) implements Verification {
        /** Validates. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        /** True when the reason places a knock with right tags: behind the cursor or beyond the window. */
        @Override
        public boolean isGenuine() {
            return reason == Reason.BEHIND_CURSOR || reason == Reason.BEYOND_WINDOW;
        }
    }

    /**
     * Knocks from the knock's source prefix failed too often this interval (PROTOCOL.md §5); it
     * was dropped unchecked. Other sources are not affected.
     */
    record Throttled() implements Verification {
        /** False: the knock was dropped unchecked. */
        @Override
        public boolean isGenuine() {
            return false;
        }
    }

    /**
     * Every pad of the door is used up: no knock can open it until a new pad is installed.
     *
     * @param padId an exhausted pad of the door
     * @param label that pad's label
     */
    record Exhausted(PadId padId, String label) implements Verification {
        /** Validates. */
        public Exhausted {
            Objects.requireNonNull(padId, "padId");
            Objects.requireNonNull(label, "label");
        }

        /** False: no pad was left to check the knock against. */
        @Override
        public boolean isGenuine() {
            return false;
        }
    }

    /**
     * The knock's tags are right for a pad the door no longer serves ({@link DoorVerifier.Builder#revokedPads}):
     * its holder was revoked. Nothing was consumed and nothing opens; it counts no failure.
     *
     * @param padId the revoked pad
     * @param label its label
     */
    record Revoked(PadId padId, String label) implements Verification {
        /** Validates. */
        public Revoked {
            Objects.requireNonNull(padId, "padId");
            Objects.requireNonNull(label, "label");
        }

        /** True: its tags were right for the revoked pad. */
        @Override
        public boolean isGenuine() {
            return true;
        }
    }
}
