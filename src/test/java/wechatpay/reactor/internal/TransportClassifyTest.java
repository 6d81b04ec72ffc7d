package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/** How the transport names what went wrong, which decides whether a create may have acted. */
class TransportClassifyTest {

    @Test
    void thePoolsAcquireTimeoutIsAPoolFailureNotAResponseTimeout() {
        // The real class (a TimeoutException) is named only here, in a test; the transport never imports it.
        assertThat(NettyTransport.classify(new PoolAcquireTimeoutException(Duration.ofSeconds(1))).kind())
                .isEqualTo(TransportError.Kind.POOL);
        assertThat(NettyTransport.classify(new TimeoutException("acquire")).kind()).isEqualTo(TransportError.Kind.POOL);
    }

    @Test
    void eachFailureHasItsKind() {
        assertThat(NettyTransport.classify(ReadTimeoutException.INSTANCE).kind()).isEqualTo(TransportError.Kind.TIMEOUT);
        assertThat(NettyTransport.classify(new RuntimeException(ReadTimeoutException.INSTANCE)).kind())
                .isEqualTo(TransportError.Kind.TIMEOUT);
        assertThat(NettyTransport.classify(new ConnectTimeoutException("slow")).kind())
                .isEqualTo(TransportError.Kind.CONNECT);
        assertThat(NettyTransport.classify(new RuntimeException(new ConnectException("refused"))).kind())
                .isEqualTo(TransportError.Kind.CONNECT);
        assertThat(NettyTransport.classify(new IOException("Connection reset by peer")).kind())
                .isEqualTo(TransportError.Kind.RESET);
        assertThat(NettyTransport.classify(new IllegalStateException("odd")).kind()).isEqualTo(TransportError.Kind.OTHER);
    }
}
