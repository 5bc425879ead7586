package dev.safeops.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import dev.safeops.aws.SafeOpsInterceptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Target: an SDK read call that the interceptor lets through costs at most 2% more than the
 * same call without it. Two real STS clients (URL-connection HTTP client, static credentials,
 * SigV4 signing, XML unmarshalling) call {@code GetCallerIdentity} on a loopback endpoint;
 * they differ only in the interceptor. Both run in the same JVM and the same JMH run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class InterceptorBenchmark {
  private LoopbackSts endpoint;
  private SdkHttpClient http;
  private StsClient plain;
  private StsClient guarded;
  private ExecutionInterceptor interceptor;
  private Context.BeforeExecution capturedContext;
  private ExecutionAttributes capturedAttributes;

  @Setup
  public void setUp() throws IOException {
    endpoint = LoopbackSts.start();
    http = UrlConnectionHttpClient.create();
    interceptor = Guard.interceptor();
    plain = client(null);
    guarded = client(interceptor);
    // Capture what the SDK hands an interceptor for this very call, to time the hook alone.
    StsClient capturing = client(new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        capturedContext = context;
        capturedAttributes = attributes.copy();
      }
    });
    capturing.getCallerIdentity();
    capturing.close();
    // Both must answer the read, or we would be timing a refusal.
    for (StsClient c : new StsClient[] {plain, guarded}) {
      String account = c.getCallerIdentity().account();
      if (!"123456789012".equals(account)) {
        throw new IllegalStateException("loopback STS answered " + account);
      }
    }
  }

  private StsClient client(ExecutionInterceptor interceptor) {
    return StsClient.builder()
        .endpointOverride(endpoint.endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "secret")))
        .httpClient(http)
        .overrideConfiguration(c -> {
          if (interceptor != null) {
            c.addExecutionInterceptor(interceptor);
          }
        })
        .build();
  }

  @TearDown
  public void tearDown() {
    plain.close();
    guarded.close();
    http.close();
    endpoint.close();
  }

  @Benchmark
  public GetCallerIdentityResponse withoutInterceptor() {
    return plain.getCallerIdentity();
  }

  @Benchmark
  public GetCallerIdentityResponse withInterceptor() {
    return guarded.getCallerIdentity();
  }

  /**
   * The interceptor's own work for the same call, on the very context and attributes the SDK
   * passed it: the part of {@link #withInterceptor} that {@link #withoutInterceptor} lacks,
   * measured without the loopback round trip's noise.
   */
  @Benchmark
  public ExecutionAttributes interceptorHookAlone() {
    interceptor.beforeExecution(capturedContext, capturedAttributes);
    return capturedAttributes;
  }

  /** The interceptor under test, as users register it per client. */
  static final class Guard {
    private Guard() {}

    static ExecutionInterceptor interceptor() {
      return new SafeOpsInterceptor();
    }
  }
}
