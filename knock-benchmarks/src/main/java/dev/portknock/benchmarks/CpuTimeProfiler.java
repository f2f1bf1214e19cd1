package dev.portknock.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for a shared machine: the CPU time the benchmark's JVM spent per operation, and
 * how many cores it actually got during the iteration. On a host busy with other work the
 * throughput score falls with the share of CPU a fork receives, while CPU time per operation stays
 * close to what an idle host would show; {@code cpu.share} below the benchmark's thread count says
 * the score is depressed by the other work.
 *
 * <p>CPU time is the whole process's (benchmark threads, JIT compiler and garbage collector), so
 * it slightly overstates the cost of the measured code. Use it with:
 * <pre>{@code
 * java -jar knock-benchmarks/target/benchmarks.jar MatcherBenchmark -prof dev.portknock.benchmarks.CpuTimeProfiler
 * }</pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean system =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;
    private long wallBefore;

    /** Creates the profiler; JMH instantiates it by class name. */
    public CpuTimeProfiler() {
    }

    @Override
    public String getDescription() {
        return "process CPU time per operation and the cores the fork got (for shared machines)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallBefore = System.nanoTime();
        cpuBefore = system.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = system.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        long operations = result.getMetadata().getAllOps();
        double perOperation = operations == 0 ? Double.NaN : (double) cpu / operations;
        return List.of(
                new ScalarResult("cpu.time.norm", perOperation, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.share", wall == 0 ? Double.NaN : (double) cpu / wall, "cores", AggregationPolicy.AVG));
    }
}
