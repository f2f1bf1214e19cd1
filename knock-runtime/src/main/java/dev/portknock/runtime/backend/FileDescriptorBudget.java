package dev.portknock.runtime.backend;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/** How many more file descriptors the process may open, where the platform says. */
interface FileDescriptorBudget {
    /** The process's limit ({@code ulimit -n}), if known. */
    OptionalLong limit();

    /** How many descriptors are open now, if known. */
    OptionalLong open();

    /** The budget of this JVM, from the Unix operating system bean when there is one. */
    static FileDescriptorBudget ofThisProcess() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.UnixOperatingSystemMXBean) {
            com.sun.management.UnixOperatingSystemMXBean unix = (com.sun.management.UnixOperatingSystemMXBean) bean;
            return new FileDescriptorBudget() {
                @Override
                public OptionalLong limit() {
                    return OptionalLong.of(unix.getMaxFileDescriptorCount());
                }

                @Override
                public OptionalLong open() {
                    return OptionalLong.of(unix.getOpenFileDescriptorCount());
                }
            };
        }
        return new FileDescriptorBudget() {
            @Override
            public OptionalLong limit() {
                return OptionalLong.empty();
            }

            @Override
            public OptionalLong open() {
                return OptionalLong.empty();
            }
        };
    }
}
