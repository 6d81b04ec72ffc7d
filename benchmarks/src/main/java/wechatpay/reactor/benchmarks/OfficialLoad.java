package wechatpay.reactor.benchmarks;

import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.HttpResponse;
import com.wechat.pay.java.core.http.JsonRequestBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The official SDK (wechatpay-java 0.2.17) as its generated services use it: its {@code HttpClient} from
 * {@code DefaultHttpClientBuilder} in public-key mode ({@code RSAPublicKeyConfig}, keys read from the PEM files
 * with {@code privateKeyFromPath}/{@code publicKeyFromPath}, so with its own key factory), over an
 * {@code OkHttpClient} whose connection pool keeps C idle connections, called by C platform threads or by
 * virtual threads (one per task; JDK 21+), each making one blocking call at a time. Per call: the same JSON body
 * our client sends (built per call, as a service's {@code toJson} would), the Accept and Content-Type headers the
 * services add, then {@code execute(request, Map.class)}, in which the SDK signs, sends, checks the answer's
 * signature and parses it with Gson.
 */
final class OfficialLoad implements LoadClient {
    private final LoadItems items;
    private final int threads;
    private final boolean virtual;
    private final String url;
    private final RSAPublicKeyConfig config;
    private final HttpClient http;
    private final ExecutorService pool;

    OfficialLoad(LoadItems items, int threads, boolean virtual) {
        this.items = items;
        this.threads = threads;
        this.virtual = virtual;
        this.url = items.baseUrl() + LoadItems.PATH;
        this.config = new RSAPublicKeyConfig.Builder()
                .merchantId(items.mchid())
                .privateKeyFromPath(items.merchantKeyFile().toString())
                .merchantSerialNumber(items.merchantSerial())
                .publicKeyFromPath(items.publicKeyFile().toString())
                .publicKeyId(items.publicKeyId())
                .apiV3Key(items.apiV3Key())
                .build();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(threads);
        dispatcher.setMaxRequestsPerHost(threads);
        OkHttpClient ok = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(threads, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .build();
        this.http = new DefaultHttpClientBuilder().config(config).okHttpClient(ok).build();
        this.pool = virtual ? virtualThreads() : platformThreads(threads);
    }

    /** The SDK's own configuration: the signer and verifier {@link SignVerifyCost} measures for this client. */
    RSAPublicKeyConfig config() {
        return config;
    }

    private static ExecutorService platformThreads(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "official-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up at run time: this module targets Java 17. */
    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("--virtual-threads needs JDK 21 or later; this is "
                    + System.getProperty("java.version"), e);
        }
    }

    @Override
    public void run(String prefix, int from, int to, Tally tally) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        List<Future<?>> workers = new ArrayList<>(threads);
        for (int w = 0; w < threads; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    call(prefix, i, tally);
                }
            }));
        }
        for (Future<?> f : workers) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("an official-SDK worker died", e.getCause());
            }
        }
    }

    @Override
    public void start(String prefix, int i, Tally tally, Runnable done) {
        pool.execute(() -> {
            try {
                call(prefix, i, tally);
            } finally {
                done.run();
            }
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void call(String prefix, int i, Tally tally) {
        String expected = LoadItems.outRecordId(prefix, i);
        try {
            HttpHeaders headers = new HttpHeaders();
            headers.addHeader("Accept", "application/json");
            headers.addHeader("Content-Type", "application/json");
            HttpRequest request = new HttpRequest.Builder().httpMethod(HttpMethod.POST).url(url).headers(headers)
                    .body(new JsonRequestBody.Builder().body(items.bodyText(prefix, i)).build())
                    .build();
            HttpResponse<Map> response = http.execute(request, Map.class);
            Object records = response.getServiceResponse().get("schedule_records");
            Object found = records instanceof List list && list.size() == 1 && list.get(0) instanceof Map m
                    ? m.get("out_record_id") : null;
            if (expected.equals(found)) {
                tally.success();
            } else {
                tally.fail("WrongRecord", "expected " + expected + ", found " + records);
            }
        } catch (ServiceException e) {
            tally.fail("ServiceException/" + e.getHttpStatusCode() + "/" + e.getErrorCode(), e.getMessage());
        } catch (RuntimeException e) {
            tally.fail(e);
        }
    }

    @Override
    public String describe() {
        return "official: wechatpay-java 0.2.17 DefaultHttpClientBuilder (RSAPublicKeyConfig, OkHttp pool of "
                + threads + ") on " + (virtual ? "virtual threads (one per task)" : "a fixed pool of " + threads
                + " platform threads") + "; top JCA provider " + java.security.Security.getProviders()[0].getName();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
