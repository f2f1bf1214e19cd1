package dev.portknock.core;

/** The rule for door names: they appear in logs and configuration sections. */
final class DoorNames {
    private DoorNames() {
    }

    static void check(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("door name must not be blank");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("door name must not contain control characters");
            }
        }
    }
}
